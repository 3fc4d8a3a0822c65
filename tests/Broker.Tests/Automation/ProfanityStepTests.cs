using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

public sealed class ProfanityStepTests
{
    [Theory]
    [InlineData("You are an ASSHOLE!", "You are an *******!")]
    [InlineData("Shit, shit. SHIT?", "****, ****. ****?")]
    [InlineData("(bullshit)", "(********)")]
    [InlineData("\"crap\"-crap_crap", "\"****\"-****_****")]
    [InlineData("fucking hell, fuckers", "******* hell, *******")]
    [InlineData("ass-kicking", "***-kicking")]
    public async Task ListedEnglishWordsAreMaskedWholeAndCaseInsensitivelyWithOneStarPerCharacter(string text, string expected)
    {
        Assert.Equal(expected, await MaskAsync(text));
    }

    [Theory]
    [InlineData("Du Arschloch!", "Du *********!")]
    [InlineData("So ein MISTSTÜCK.", "So ein *********.")]
    [InlineData("miststück", "*********")]
    [InlineData("Arschlöcher überall", "*********** überall")]
    [InlineData("Scheiße, der Scheißladen!", "*******, der ***********!")]
    [InlineData("SCHEISSE", "********")]
    public async Task GermanWordsWithUmlautsAndSharpSAreMasked(string text, string expected)
    {
        Assert.Equal(expected, await MaskAsync(text));
    }

    [Fact]
    public async Task ADecomposedUmlautIsMaskedWithOneStarPerCodePointAsSent()
    {
        const string decomposed = "Miststu\u0308ck!"; // u + COMBINING DIAERESIS: 10 code points

        Assert.Equal("**********!", await MaskAsync(decomposed));
    }

    [Theory]
    [InlineData("This class is about assessment and passion.")]
    [InlineData("Klasse, das passt! Die Arschbacke? Nein: Barsch.")]
    [InlineData("Scunthorpe, cocktail, Dickens, shiitake, therapist")]
    [InlineData("sh1t a$$ f*ck")]
    [InlineData("1234 !!! 😀 ...")]
    public async Task WordsThatOnlyContainAListedWordAndNonWordsAreLeftAlone(string text)
    {
        Assert.Equal(text, await MaskAsync(text));
    }

    [Fact]
    public async Task ConfiguredWordsAndStemsAreMaskedToo()
    {
        await using var services = AutomationServices.Create(settings: ["CustomerChat:Pipeline:Profanity:Words:0=Darn", "CustomerChat:Pipeline:Profanity:Words:1=heck*"]);
        var step = services.Step("profanity");

        var result = await step.ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), "darn it, what the hecking heck"), CancellationToken.None);

        Assert.Equal("**** it, what the ******* ****", result.Text);
    }

    [Fact]
    public async Task AConfiguredWordOutsideTheBasicPlaneGetsOneStarPerCodePoint()
    {
        // U+1D49C MATHEMATICAL SCRIPT CAPITAL A is a letter of two UTF-16 units.
        await using var services = AutomationServices.Create(settings: "CustomerChat:Pipeline:Profanity:Words:0=\U0001D49Cbc");

        var result = await services.Step("profanity").ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), "x \U0001D49Cbc y"), CancellationToken.None);

        Assert.Equal("x *** y", result.Text);
    }

    [Fact]
    public async Task WithoutTheBuiltInListsOnlyConfiguredWordsAreMasked()
    {
        await using var services = AutomationServices.Create(settings: ["CustomerChat:Pipeline:Profanity:UseBuiltInLists=false", "CustomerChat:Pipeline:Profanity:Words:0=darn"]);

        var result = await services.Step("profanity").ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), "shit, darn"), CancellationToken.None);

        Assert.Equal("shit, ****", result.Text);
    }

    [Fact]
    public async Task AgentsMessagesAreMaskedTooAndACleanMessagePassesUnchanged()
    {
        await using var services = AutomationServices.Create();
        var step = services.Step("profanity");

        var agent = await step.ProcessAsync(AutomationServices.Draft(AutomationServices.Agent(), "Oh crap."), CancellationToken.None);
        var clean = await step.ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), "Thank you!"), CancellationToken.None);

        Assert.Equal(StepOutcome.Changed, agent.Outcome);
        Assert.Equal("Oh ****.", agent.Text);
        Assert.Equal(StepOutcome.Pass, clean.Outcome);
        Assert.Null(clean.Text);
    }

    [Fact]
    public async Task TheBuiltInListsAreLoadedFromTheShippedDataFiles()
    {
        await using var services = AutomationServices.Create();
        var step = Assert.IsType<ProfanityStep>(services.Step("profanity"));

        Assert.True(File.Exists(Path.Combine(ProfanityStep.DataDirectory, "profanity.en.txt")));
        Assert.True(File.Exists(Path.Combine(ProfanityStep.DataDirectory, "profanity.de.txt")));
        Assert.InRange(step.List.WordCount, 30, 200);
        Assert.Contains(services.Log.Entries, e => e.Id.Id == 7410);
    }

    private static async Task<string> MaskAsync(string text)
    {
        await using var services = AutomationServices.Create();
        var result = await services.Step("profanity").ProcessAsync(AutomationServices.Draft(AutomationServices.Customer(), text), CancellationToken.None);
        return result.Outcome == StepOutcome.Changed ? result.Text! : text;
    }
}
