using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

public sealed class SpamStepTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task ACustomersRepeatWithinThirtySecondsIsRefusedWithAReason()
    {
        await using var services = AutomationServices.Create(_time);
        var spam = services.Step("spam");
        var customer = AutomationServices.Customer();

        var first = await spam.ProcessAsync(AutomationServices.Draft(customer, "Hello?"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        var repeat = await spam.ProcessAsync(AutomationServices.Draft(customer, "  hello?  "), CancellationToken.None);

        Assert.Equal(StepOutcome.Pass, first.Outcome);
        Assert.Equal(StepOutcome.Refused, repeat.Outcome);
        Assert.Contains("repeats your previous", repeat.Reason);
    }

    [Fact]
    public async Task TheSameTextAfterThirtySecondsOrAfterAnotherMessagePasses()
    {
        await using var services = AutomationServices.Create(_time);
        var spam = services.Step("spam");
        var customer = AutomationServices.Customer();

        await spam.ProcessAsync(AutomationServices.Draft(customer, "Hello?"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        var later = await spam.ProcessAsync(AutomationServices.Draft(customer, "Hello?"), CancellationToken.None);
        var other = await spam.ProcessAsync(AutomationServices.Draft(customer, "Anyone there?"), CancellationToken.None);
        var again = await spam.ProcessAsync(AutomationServices.Draft(customer, "Hello?"), CancellationToken.None);

        Assert.Equal(StepOutcome.Pass, later.Outcome);
        Assert.Equal(StepOutcome.Pass, other.Outcome);
        Assert.Equal(StepOutcome.Pass, again.Outcome);
    }

    [Fact]
    public async Task TheSameMessageSentAgainWithItsClientMessageIdIsNotARepeatButTheSameTextUnderAnotherIdIs()
    {
        // The first try passed the step, then its instance died before storing it: the client resends it with the
        // same clientMessageId (docs/protocol.md §19), and it must be stored now, not refused as a repeat.
        await using var services = AutomationServices.Create(_time);
        var spam = services.Step("spam");
        var customer = AutomationServices.Customer();
        MessageDraft Draft(string text, string? id) => new(customer, "conv-1", text) { ClientMessageId = id };

        var first = await spam.ProcessAsync(Draft("Hello?", "cm-1"), CancellationToken.None);
        var resent = await spam.ProcessAsync(Draft("Hello?", "cm-1"), CancellationToken.None);
        var underAnotherId = await spam.ProcessAsync(Draft("hello?", "cm-2"), CancellationToken.None);
        var withoutId = await spam.ProcessAsync(Draft("Hello?", null), CancellationToken.None);
        var thenWithAnId = await spam.ProcessAsync(Draft("Hello?", "cm-3"), CancellationToken.None);

        Assert.Equal(StepOutcome.Pass, first.Outcome);
        Assert.Equal(StepOutcome.Pass, resent.Outcome);
        Assert.Equal(StepOutcome.Refused, underAnotherId.Outcome);
        Assert.Equal(StepOutcome.Refused, withoutId.Outcome);
        Assert.Equal(StepOutcome.Refused, thenWithAnId.Outcome);
    }

    [Fact]
    public async Task TwoCustomersMaySendTheSameText()
    {
        await using var services = AutomationServices.Create(_time);
        var spam = services.Step("spam");

        var ada = await spam.ProcessAsync(AutomationServices.Draft(AutomationServices.Customer("c-ada"), "Hi"), CancellationToken.None);
        var bob = await spam.ProcessAsync(AutomationServices.Draft(AutomationServices.Customer("c-bob"), "Hi"), CancellationToken.None);

        Assert.Equal(StepOutcome.Pass, ada.Outcome);
        Assert.Equal(StepOutcome.Pass, bob.Outcome);
    }

    [Theory]
    [InlineData("see https://example.com and http://example.org", StepOutcome.Pass)]
    [InlineData("see https://a.example, www.b.example and ftp://c.example", StepOutcome.Refused)]
    [InlineData("https://a.example,https://b.example,https://c.example", StepOutcome.Refused)]
    [InlineData("https://www.a.example https://www.b.example", StepOutcome.Pass)]
    [InlineData("HTTPS://A.EXAMPLE WWW.B.EXAMPLE HTTP://C.EXAMPLE", StepOutcome.Refused)]
    [InlineData("our domain is example.com, file.txt, and a.b.c", StepOutcome.Pass)]
    public async Task ACustomerMessageWithMoreThanTwoLinksIsRefused(string text, StepOutcome expected)
    {
        await using var services = AutomationServices.Create(_time);

        var result = await services.Step("spam").ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), text), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        if (expected == StepOutcome.Refused)
        {
            Assert.Contains("at most 2 links", result.Reason);
        }
    }

    [Fact]
    public async Task MaxLinksIsConfigurableAndZeroRefusesAnyLink()
    {
        await using var services = AutomationServices.Create(_time, settings: "CustomerChat:Pipeline:Spam:MaxLinks=0");

        var result = await services.Step("spam").ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), "www.example.com"), CancellationToken.None);

        Assert.Equal(StepOutcome.Refused, result.Outcome);
        Assert.Equal("Messages may not contain links.", result.Reason);
    }

    [Fact]
    public async Task AgentsAreNeverSpamChecked()
    {
        await using var services = AutomationServices.Create(_time);
        var spam = services.Step("spam");
        var agent = AutomationServices.Agent();
        const string text = "Docs: https://a.example https://b.example https://c.example";

        var first = await spam.ProcessAsync(AutomationServices.Draft(agent, text), CancellationToken.None);
        var second = await spam.ProcessAsync(AutomationServices.Draft(agent, text), CancellationToken.None);

        Assert.Equal(StepOutcome.Pass, first.Outcome);
        Assert.Equal(StepOutcome.Pass, second.Outcome);
    }

    [Fact]
    public async Task ThroughThePipelineTheRefusalNamesTheSpamStep()
    {
        await using var services = AutomationServices.Create(_time);
        var customer = AutomationServices.Customer();

        await services.Pipeline.RunAsync(AutomationServices.Draft(customer, "Hello"), CancellationToken.None);
        var outcome = await services.Pipeline.RunAsync(AutomationServices.Draft(customer, "Hello"), CancellationToken.None);

        Assert.True(outcome.IsRefused);
        Assert.Equal("spam", outcome.RefusedBy);
    }

    [Fact]
    public void TheFingerprintIgnoresCaseAndWhiteSpaceButNotWords()
    {
        Assert.Equal(SpamStep.Fingerprint("Hello   World"), SpamStep.Fingerprint(" hello world\n"));
        Assert.NotEqual(SpamStep.Fingerprint("Hello World"), SpamStep.Fingerprint("Hello Worlds"));
    }
}
