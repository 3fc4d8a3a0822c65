using CustomerChat.Broker.Automation;
using CustomerChat.Broker.Hosting;
using CustomerChat.Broker.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Tests.Automation;

public sealed class PipelineTests
{
    private static readonly SuffixStep First = new("first", "1");

    [Fact]
    public async Task StepsRunInTheConfiguredOrderAndEachSeesTheChangesOfTheOnesBefore()
    {
        var first = new SuffixStep("first", "1");
        var second = new SuffixStep("second", "2");
        await using var services = AutomationServices.Create(extra: s =>
        {
            s.AddSingleton<IMessageStep>(first);
            s.AddSingleton<IMessageStep>(second);
        }, settings: ["CustomerChat:Pipeline:Steps:0=second", "CustomerChat:Pipeline:Steps:1=first"]);

        var outcome = await services.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "x"), CancellationToken.None);

        Assert.False(outcome.IsRefused);
        Assert.Equal("x21", outcome.Text);
        Assert.Equal("x", outcome.Draft.OriginalText);
        Assert.Equal(["x"], second.Seen);
        Assert.Equal(["x2"], first.Seen);
        Assert.Equal(["second", "first"], services.Pipeline.StepNames);
    }

    [Fact]
    public async Task ARefusalEndsTheRunWithTheStepAndReasonAndLaterStepsDoNotRun()
    {
        var after = new SuffixStep("after", "!");
        await using var services = AutomationServices.Create(extra: s =>
        {
            s.AddSingleton<IMessageStep, RefuseStep>();
            s.AddSingleton<IMessageStep>(after);
        }, settings: ["CustomerChat:Pipeline:Steps:0=refuse", "CustomerChat:Pipeline:Steps:1=after"]);

        var refused = await services.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "no way"), CancellationToken.None);
        var accepted = await services.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "yes"), CancellationToken.None);

        Assert.True(refused.IsRefused);
        Assert.Equal("refuse", refused.RefusedBy);
        Assert.Equal("the text says no", refused.Reason);
        Assert.Equal("rejected", MessagePipeline.RefusalCode);
        Assert.False(accepted.IsRefused);
        Assert.Equal("yes!", accepted.Text);
        Assert.Equal(["yes"], after.Seen); // the refused message never reached it
    }

    [Fact]
    public async Task AChangeByProfanityIsWhatTheNextBuiltInStepSees()
    {
        var recorder = new SuffixStep("recorder", "");
        await using var services = AutomationServices.Create(extra: s => s.AddSingleton<IMessageStep>(recorder),
            settings: ["CustomerChat:Pipeline:Steps:0=spam", "CustomerChat:Pipeline:Steps:1=profanity", "CustomerChat:Pipeline:Steps:2=recorder"]);

        var outcome = await services.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "Oh shit, again"), CancellationToken.None);

        Assert.Equal("Oh ****, again", outcome.Text);
        Assert.Equal(["Oh ****, again"], recorder.Seen);
    }

    [Fact]
    public async Task WithoutConfigurationTheStepsAreSpamThenProfanity()
    {
        await using var services = AutomationServices.Create();
        Assert.Equal(["spam", "profanity"], services.Pipeline.StepNames);
    }

    [Fact]
    public async Task ASingleBlankStepEntryRunsNoStepAndTheMessagePassesUntouched()
    {
        await using var services = AutomationServices.Create(settings: ["CustomerChat:Pipeline:Steps:0="]);

        var outcome = await services.Pipeline.RunAsync(AutomationServices.Draft(AutomationServices.Customer(), "shit"), CancellationToken.None);

        Assert.Empty(services.Pipeline.StepNames);
        Assert.Equal("shit", outcome.Text);
    }

    [Fact]
    public async Task TheBrokerRunsTheDefaultPipelineAndTheInMemorySpamMemoryWithoutRedis()
    {
        await using var broker = await BrokerHost.StartAsync();
        Assert.Equal(["spam", "profanity"], broker.Services.GetRequiredService<MessagePipeline>().StepNames);
        Assert.IsType<InMemoryRecentMessageMemory>(broker.Services.GetRequiredService<IRecentMessageMemory>());
    }

    [Fact]
    public async Task AnUnknownStepNameStopsTheStartUpNamingItAndTheKnownSteps()
    {
        var error = await StartBrokerExpectingFailureAsync("--CustomerChat:Pipeline:Steps:0=spam", "--CustomerChat:Pipeline:Steps:1=spelling");
        Assert.Contains("unknown step 'spelling'", error.Message);
        Assert.Contains("profanity, spam, translation", error.Message);
    }

    [Fact]
    public async Task TheTranslationStepWithoutAUrlStopsTheStartUp()
    {
        var error = await StartBrokerExpectingFailureAsync("--CustomerChat:Pipeline:Steps:0=translation");
        Assert.Contains("CustomerChat:Pipeline:Translation:Url", error.Message);
    }

    [Fact]
    public async Task AStepListedTwiceOrANegativeLinkLimitStopsTheStartUp()
    {
        var error = await StartBrokerExpectingFailureAsync("--CustomerChat:Pipeline:Steps:0=spam", "--CustomerChat:Pipeline:Steps:1=spam",
            "--CustomerChat:Pipeline:Spam:MaxLinks=-1");
        Assert.Contains("'spam' more than once", error.Message);
        Assert.Contains("MaxLinks must be 0 or more", error.Message);
    }

    [Fact]
    public async Task AnFaqEntryWithoutKeywordsOrAnswerStopsTheStartUp()
    {
        var error = await StartBrokerExpectingFailureAsync("--CustomerChat:Bot:Enabled=true", "--CustomerChat:Bot:Faq:0:Answer=Hi",
            "--CustomerChat:Bot:Faq:1:Keywords:0=price");
        Assert.Contains("CustomerChat:Bot:Faq:0:Keywords", error.Message);
        Assert.Contains("CustomerChat:Bot:Faq:1:Answer", error.Message);
    }

    [Fact]
    public async Task AnUnknownStepAlsoFailsOutsideTheHostWhenThePipelineIsResolved()
    {
        await using var services = AutomationServices.Create(extra: s => s.AddSingleton<IMessageStep>(First), settings: ["CustomerChat:Pipeline:Steps:0=nope"]);
        var error = Assert.Throws<OptionsValidationException>(() => services.Pipeline);
        Assert.Contains("unknown step 'nope'", error.Message);
        Assert.Contains("first, profanity, spam, translation", error.Message);
    }

    private static async Task<OptionsValidationException> StartBrokerExpectingFailureAsync(params string[] settings) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = BrokerApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development",
                $"--CustomerChat:Auth:SigningKey={BrokerHost.SigningKey}", "--Serilog:MinimumLevel:Default=Fatal", .. settings]);
            await app.StartAsync();
        });
}
