namespace CustomerChat.Broker.Automation;

/// <summary>
/// The message pipeline's step list under <c>CustomerChat:Pipeline</c> (docs/protocol.md §13 "Configuration").
/// Bound and validated at start-up by <see cref="AutomationServiceCollectionExtensions.AddAutomation"/>. Each built-in
/// step has its own options class bound from a sub-section (<see cref="SpamOptions"/>, <see cref="ProfanityOptions"/>,
/// <see cref="TranslationOptions"/>), so a step never depends on the list that names it.
/// </summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Pipeline";

    /// <summary>The steps when <see cref="Steps"/> is not configured: <c>spam</c>, then <c>profanity</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultSteps = [SpamStep.StepName, ProfanityStep.StepName];

    /// <summary>
    /// The names of the steps every chat message passes, in this order (<c>CustomerChat:Pipeline:Steps:0</c>, <c>:1</c>…).
    /// Null (not configured) means <see cref="DefaultSteps"/>; blank entries are ignored, so a single blank entry
    /// (<c>CustomerChat:Pipeline:Steps:0=</c>) runs no step at all. An unknown name stops the start-up.
    /// </summary>
    // Null rather than a pre-filled list: the configuration binder appends to a list it finds filled.
    public List<string>? Steps { get; set; }

    /// <summary>The step names in force: <see cref="Steps"/> without blank entries, or <see cref="DefaultSteps"/>.</summary>
    public IReadOnlyList<string> EffectiveSteps =>
        Steps is null ? DefaultSteps : [.. Steps.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())];
}
