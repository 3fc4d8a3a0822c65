using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

public sealed class BotResponderTests
{
    private const string Offline = "We're closed; we'll answer at 09:00.";

    private static readonly BotOptions Configured = new()
    {
        Enabled = true,
        Greeting = "Hi, I'm the assistant. An agent will be with you shortly.",
        HandoverMessage = "I'll get a person for you.",
        Faq =
        [
            new FaqEntry { Keywords = ["opening hours"], Answer = "We're open 9 to 5, Monday to Friday." },
            new FaqEntry { Keywords = ["return", "order"], Answer = "You can return an order within 30 days." },
            new FaqEntry { Keywords = ["Rücksendung"], Answer = "Rücksendungen sind 30 Tage lang möglich." },
            new FaqEntry { Keywords = ["order"], Answer = "Your order status is on the account page." },
        ],
    };

    [Fact]
    public void TheFirstCustomerMessageGetsTheGreetingOnce()
    {
        var bot = Bot(Configured);

        Assert.Equal([Configured.Greeting!], bot.Respond(Input("Hello", first: true)));
        Assert.Empty(bot.Respond(Input("Hello again")));
    }

    [Fact]
    public void WhileWaitingAMessageWithEveryKeywordOfAnEntryGetsItsAnswerAndOnlyTheFirstMatchingOne()
    {
        var bot = Bot(Configured);

        Assert.Equal(["You can return an order within 30 days."], bot.Respond(Input("How do I RETURN my Order?")));
        Assert.Equal(["Your order status is on the account page."], bot.Respond(Input("where is my order")));
        Assert.Equal(["We're open 9 to 5, Monday to Friday."], bot.Respond(Input("What are your opening hours?")));
    }

    [Fact]
    public void KeywordsMatchWholeWordsAndPhrasesInOrderOnly()
    {
        var bot = Bot(Configured);

        Assert.Empty(bot.Respond(Input("I'd like to reorder, returning customer here"))); // "reorder", "returning"
        Assert.Empty(bot.Respond(Input("hours of opening?")));                              // the phrase's words out of order
        Assert.Equal(["Rücksendungen sind 30 Tage lang möglich."], bot.Respond(Input("Wie geht eine RÜCKSENDUNG?")));
        Assert.Equal(["Rücksendungen sind 30 Tage lang möglich."], bot.Respond(Input("Ru\u0308cksendung bitte"))); // decomposed ü
    }

    [Fact]
    public void TheFirstMessageGetsTheGreetingAndThenTheFaqAnswer()
    {
        var bot = Bot(Configured);

        Assert.Equal([Configured.Greeting!, "Your order status is on the account page."], bot.Respond(Input("Hi, where is my order?", first: true)));
    }

    [Theory]
    [InlineData("Can I talk to a human about my order?")]
    [InlineData("AGENT please, order problem")]
    [InlineData("Ich möchte einen Mensch sprechen")]
    [InlineData("Bitte einen Mitarbeiter!")]
    public void AMessageAskingForAPersonGetsTheHandoverMessageAndNoFaqAnswer(string text)
    {
        Assert.Equal(["I'll get a person for you."], Bot(Configured).Respond(Input(text)));
    }

    [Fact]
    public void HandoverWordsAreWholeWordsAndConfigurable()
    {
        Assert.Equal(["Your order status is on the account page."], Bot(Configured).Respond(Input("my order from the agency")));

        var custom = Bot(new BotOptions { Enabled = true, HandoverMessage = "Connecting you.", HandoverWords = ["operator"] });
        Assert.Equal(["Connecting you."], custom.Respond(Input("operator!")));
        Assert.Empty(custom.Respond(Input("human")));
    }

    [Fact]
    public void OnceAnAgentHoldsTheConversationTheBotAnswersNothing()
    {
        var bot = Bot(Configured);

        Assert.Empty(bot.Respond(Input("where is my order", state: BotConversationState.Active)));
        Assert.Empty(bot.Respond(Input("human please", state: BotConversationState.Active)));
    }

    [Fact]
    public void WhenClosedTheFirstCustomerMessageGetsTheOfflineMessageAfterTheGreeting()
    {
        var bot = Bot(Configured);

        Assert.Equal([Configured.Greeting!, Offline, "Your order status is on the account page."],
            bot.Respond(Input("where is my order", first: true, open: false)));
        Assert.Equal(["Your order status is on the account page."], bot.Respond(Input("where is my order", open: false)));
    }

    [Fact]
    public void WithTheBotDisabledOnlyTheOfflineMessageIsSentWhenClosed()
    {
        var disabled = Bot(new BotOptions { Enabled = false, Greeting = "Hi", HandoverMessage = "Person", Faq = Configured.Faq });

        Assert.Equal([Offline], disabled.Respond(Input("human, where is my order", first: true, open: false)));
        Assert.Empty(disabled.Respond(Input("human, where is my order", first: true, open: true)));
        Assert.Empty(disabled.Respond(Input("where is my order", first: false, open: false)));
        Assert.Empty(disabled.Respond(Input("hello", first: true, open: false) with { OfflineMessage = " " }));
    }

    [Fact]
    public void TheBotWritesAsBotWithItsConfiguredName()
    {
        Assert.Equal("bot", BotResponder.UserId);
        Assert.Equal("bot", BotResponder.SenderRole);
        Assert.Equal("Assistant", Bot(new BotOptions()).Name);
        Assert.False(Bot(new BotOptions()).Enabled);
    }

    [Fact]
    public async Task TheBotIsBoundFromConfiguration()
    {
        await using var services = AutomationServices.Create(settings:
        [
            "CustomerChat:Bot:Enabled=true", "CustomerChat:Bot:Name=Robo", "CustomerChat:Bot:Greeting=Hello!",
            "CustomerChat:Bot:Faq:0:Keywords:0=price", "CustomerChat:Bot:Faq:0:Answer=It's free.",
            "CustomerChat:Bot:HandoverMessage=One moment.",
        ]);
        var bot = services.Services.GetRequiredService<BotResponder>();

        Assert.Equal("Robo", bot.Name);
        Assert.Equal(["Hello!", "It's free."], bot.Respond(Input("What's the price?", first: true)));
        Assert.Equal(["One moment."], bot.Respond(Input("a human please")));
    }

    private static BotResponder Bot(BotOptions options) => new(Microsoft.Extensions.Options.Options.Create(options));

    private static BotInput Input(string text, bool first = false, BotConversationState state = BotConversationState.Waiting, bool open = true) =>
        new(first, state, text, open, Offline);
}
