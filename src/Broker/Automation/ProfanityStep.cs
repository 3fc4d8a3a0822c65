using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The <c>profanity</c> step (docs/protocol.md §13 "profanity"): masks whole words of the built-in English and
/// German lists (<c>Automation/Data/profanity.*.txt</c> beside the broker's binaries) and of
/// <c>CustomerChat:Pipeline:Profanity:Words</c>, case-insensitively, with one <c>*</c> per code point, in every
/// message (customers' and agents'). It never refuses.
/// </summary>
public sealed class ProfanityStep : IMessageStep
{
    /// <summary>The step's name in <c>CustomerChat:Pipeline:Steps</c>.</summary>
    public const string StepName = "profanity";

    /// <summary>Where the built-in lists are read from: <c>Automation/Data</c> under the application's base directory.</summary>
    public static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Automation", "Data");

    /// <summary>Loads the lists (at start-up: the step is resolved by the options validation).</summary>
    /// <exception cref="InvalidOperationException">The built-in lists are wanted but missing.</exception>
    public ProfanityStep(IOptions<ProfanityOptions> options, ILogger<ProfanityStep> logger)
    {
        var settings = options.Value;
        var entries = settings.UseBuiltInLists ? ProfanityList.ReadBuiltIn(DataDirectory) : [];
        List = new ProfanityList(entries.Concat(settings.Words));
        AutomationLog.ProfanityLoaded(logger, List.WordCount, List.StemCount);
    }

    /// <summary>The words this step masks.</summary>
    public ProfanityList List { get; }

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public ValueTask<StepResult> ProcessAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        var masked = List.Mask(draft.Text);
        return ValueTask.FromResult(ReferenceEquals(masked, draft.Text) ? StepResult.Pass : StepResult.Change(masked));
    }
}
