using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CustomerChat.Broker.Automation;
using Microsoft.Extensions.Logging;

namespace CustomerChat.Broker.Tests.Automation;

public sealed class TranslationStepTests
{
    [Fact]
    public async Task ACustomersMessageIsTranslatedIntoTheAgentsLanguageBesideTheUnchangedOriginal()
    {
        await using var server = await FakeLibreTranslate.StartAsync(apiKey: "secret");
        await using var services = Services(server, "CustomerChat:Pipeline:Translation:ApiKey=secret");
        var draft = AutomationServices.Draft(AutomationServices.Customer(), "Hallo, ich brauche Hilfe", senderLocale: "de-DE", recipientLocale: "en");

        var outcome = await services.Pipeline.RunAsync(draft, CancellationToken.None);

        Assert.False(outcome.IsRefused);
        Assert.Equal("Hallo, ich brauche Hilfe", outcome.Text);
        Assert.Equal(new MessageTranslation("en", "Hello, I need help"), outcome.Translation);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Hallo, ich brauche Hilfe", request.GetProperty("q").GetString());
        Assert.Equal("auto", request.GetProperty("source").GetString());
        Assert.Equal("en", request.GetProperty("target").GetString());
        Assert.Equal("text", request.GetProperty("format").GetString());
        Assert.Equal("secret", request.GetProperty("api_key").GetString());
    }

    [Fact]
    public async Task AnAgentsMessageIsTranslatedIntoTheCustomersPrimaryLanguage()
    {
        await using var server = await FakeLibreTranslate.StartAsync();
        await using var services = Services(server);

        var outcome = await services.Pipeline.RunAsync(
            AutomationServices.Draft(AutomationServices.Agent(), "How can I help you?", senderLocale: "en", recipientLocale: "de-AT"), CancellationToken.None);

        Assert.Equal(new MessageTranslation("de", "Wie kann ich Ihnen helfen?"), outcome.Translation);
        Assert.False(Assert.Single(server.Requests).TryGetProperty("api_key", out _)); // no key configured: none sent
    }

    [Fact]
    public async Task TranslationsAreCachedPerTextAndTargetLanguage()
    {
        await using var server = await FakeLibreTranslate.StartAsync();
        await using var services = Services(server);
        var agent = AutomationServices.Agent();

        var first = await services.Pipeline.RunAsync(AutomationServices.Draft(agent, "How can I help you?", recipientLocale: "de"), CancellationToken.None);
        var cached = await services.Pipeline.RunAsync(AutomationServices.Draft(agent, "How can I help you?", recipientLocale: "de-CH"), CancellationToken.None);
        Assert.Equal(1, server.Calls);

        var french = await services.Pipeline.RunAsync(AutomationServices.Draft(agent, "How can I help you?", recipientLocale: "fr"), CancellationToken.None);
        var otherText = await services.Pipeline.RunAsync(AutomationServices.Draft(agent, "One moment please", recipientLocale: "de"), CancellationToken.None);

        Assert.Equal(3, server.Calls);
        Assert.Equal(first.Translation, cached.Translation);
        Assert.Equal(new MessageTranslation("fr", "Comment puis-je vous aider ?"), french.Translation);
        Assert.Equal(new MessageTranslation("de", "[de] One moment please"), otherText.Translation);
    }

    [Fact]
    public async Task PartiesWithTheSameLanguageCauseNoCall()
    {
        await using var server = await FakeLibreTranslate.StartAsync();
        await using var services = Services(server);

        var outcome = await services.Pipeline.RunAsync(
            AutomationServices.Draft(AutomationServices.Customer(), "Hello", senderLocale: "en-US", recipientLocale: "EN"), CancellationToken.None);

        Assert.Null(outcome.Translation);
        Assert.Equal(0, server.Calls);
    }

    [Fact]
    public async Task AMessageAlreadyInTheTargetLanguageGetsNoTranslationAndTheAnswerIsCached()
    {
        await using var server = await FakeLibreTranslate.StartAsync();
        await using var services = Services(server);
        var customer = AutomationServices.Customer();

        // The customer's locale says German, but it writes English to an English-speaking agent.
        var first = await services.Pipeline.RunAsync(AutomationServices.Draft(customer, "My order is late", senderLocale: "de", recipientLocale: "en"), CancellationToken.None);
        var second = await services.Pipeline.RunAsync(AutomationServices.Draft(customer, "My order is late", senderLocale: "de", recipientLocale: "en"), CancellationToken.None);

        Assert.Null(first.Translation);
        Assert.Null(second.Translation);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task ASlowServerNeverHoldsTheMessageBackPastTheTwoSecondTimeout()
    {
        await using var server = await FakeLibreTranslate.StartAsync(FakeLibreTranslate.Behaviour.Slow);
        await using var services = Services(server);
        var draft = AutomationServices.Draft(AutomationServices.Customer(), "Hallo, ich brauche Hilfe", senderLocale: "de", recipientLocale: "en");

        var clock = Stopwatch.StartNew();
        var outcome = await services.Pipeline.RunAsync(draft, CancellationToken.None);
        clock.Stop();

        Assert.False(outcome.IsRefused);
        Assert.Equal("Hallo, ich brauche Hilfe", outcome.Text);
        Assert.Null(outcome.Translation);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), FakeLibreTranslate.SlowAnswer / 2);
        Assert.Equal(1, server.Calls);
        Assert.Contains(services.Log.Entries, e => e.Id.Id == 7420 && e.Level == LogLevel.Warning && e.Message.Contains("2000 ms"));
    }

    [Fact]
    public async Task AFailingServerLetsTheMessagePassUntranslatedAndIsAskedAgainNextTime()
    {
        await using var server = await FakeLibreTranslate.StartAsync(FakeLibreTranslate.Behaviour.Fail);
        await using var services = Services(server);
        var customer = AutomationServices.Customer();

        var first = await services.Pipeline.RunAsync(AutomationServices.Draft(customer, "Hallo", senderLocale: "de", recipientLocale: "en"), CancellationToken.None);
        var second = await services.Pipeline.RunAsync(AutomationServices.Draft(customer, "Hallo", senderLocale: "de", recipientLocale: "en"), CancellationToken.None);

        Assert.False(first.IsRefused);
        Assert.Null(first.Translation);
        Assert.Null(second.Translation);
        Assert.Equal(2, server.Calls); // failures are not cached
        Assert.Contains(services.Log.Entries, e => e.Id.Id == 7421 && e.Message.Contains("HTTP 500"));
    }

    [Fact]
    public async Task AWrongApiKeyOrAnUnreachableServerLetsTheMessagePassUntranslated()
    {
        await using var server = await FakeLibreTranslate.StartAsync(apiKey: "secret");
        await using var wrongKey = Services(server, "CustomerChat:Pipeline:Translation:ApiKey=guess");
        await using var unreachable = AutomationServices.Create(settings:
        [
            "CustomerChat:Pipeline:Steps:0=translation", $"CustomerChat:Pipeline:Translation:Url=http://127.0.0.1:{ClosedPort()}/translate",
        ]);

        var forbidden = await wrongKey.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "Hallo", "de", "en"), CancellationToken.None);
        var refused = await unreachable.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "Hallo", "de", "en"), CancellationToken.None);

        Assert.Null(forbidden.Translation);
        Assert.Contains(wrongKey.Log.Entries, e => e.Id.Id == 7421 && e.Message.Contains("HTTP 403"));
        Assert.Null(refused.Translation);
        Assert.Contains(unreachable.Log.Entries, e => e.Id.Id == 7422 && e.Message.Contains("HttpRequestException"));
    }

    [Fact]
    public async Task AfterProfanityTheTranslatorOnlySeesTheMaskedText()
    {
        await using var server = await FakeLibreTranslate.StartAsync();
        await using var services = AutomationServices.Create(settings:
        [
            "CustomerChat:Pipeline:Steps:0=spam", "CustomerChat:Pipeline:Steps:1=profanity", "CustomerChat:Pipeline:Steps:2=translation",
            $"CustomerChat:Pipeline:Translation:Url={server.Url}",
        ]);

        var outcome = await services.Pipeline.RunAsync(
            AutomationServices.Draft(AutomationServices.Customer(), "Hallo, die Scheiße ist kaputt", senderLocale: "de", recipientLocale: "en"), CancellationToken.None);

        Assert.Equal("Hallo, die ******* ist kaputt", outcome.Text);
        Assert.Equal("Hallo, die ******* ist kaputt", Assert.Single(server.Requests).GetProperty("q").GetString());
        Assert.Equal(new MessageTranslation("en", "[en] Hallo, die ******* ist kaputt"), outcome.Translation);
    }

    [Theory]
    [InlineData("de-AT", "de")]
    [InlineData("pt_BR", "pt")]
    [InlineData(" EN ", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void TheTargetIsTheLocalesPrimaryLanguage(string? locale, string language)
    {
        Assert.Equal(language, TranslationStep.LanguageOf(locale));
    }

    private static AutomationServices Services(FakeLibreTranslate server, params string[] settings) =>
        AutomationServices.Create(settings: ["CustomerChat:Pipeline:Steps:0=translation", $"CustomerChat:Pipeline:Translation:Url={server.Url}", .. settings]);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // free again once the listener stops
    }
}
