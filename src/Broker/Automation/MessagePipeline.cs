using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// Runs every chat message, before it is stored, through the steps named in <c>CustomerChat:Pipeline:Steps</c>
/// (default <c>["spam", "profanity"]</c>), in that order (docs/protocol.md §13 "The message pipeline"). Each step
/// sees the text as the steps before it left it; the first refusal ends the run. The message handler calls
/// <see cref="RunAsync"/> once per message (STOMP and HTTP alike) and maps a refusal to the code
/// <see cref="RefusalCode"/>.
/// </summary>
public sealed class MessagePipeline
{
    /// <summary>The refusal code of a message a step refused: <c>rejected</c> (the reason goes into the refusal's <c>message</c>).</summary>
    public const string RefusalCode = "rejected";

    private readonly IMessageStep[] _steps;
    private readonly AutomationMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<MessagePipeline> _logger;

    /// <summary>Picks the configured steps, in order, from the registered ones.</summary>
    /// <exception cref="InvalidOperationException">A configured step name has no registered step (start-up validation says so first).</exception>
    public MessagePipeline(IEnumerable<IMessageStep> registered, IOptions<PipelineOptions> options, AutomationMetrics metrics,
        TimeProvider time, ILogger<MessagePipeline> logger)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
        var byName = new Dictionary<string, IMessageStep>(StringComparer.Ordinal);
        foreach (var step in registered)
        {
            byName.TryAdd(step.Name, step);
        }

        _steps = [.. options.Value.EffectiveSteps.Select(name => byName.TryGetValue(name, out var step)
            ? step
            : throw new InvalidOperationException(PipelineOptionsValidator.UnknownStepMessage(name, byName.Keys)))];
        AutomationLog.PipelineSteps(logger, _steps.Length == 0 ? "(no steps)" : string.Join(" -> ", StepNames));
    }

    /// <summary>The names of the steps in force, in order.</summary>
    public IReadOnlyList<string> StepNames => [.. _steps.Select(s => s.Name)];

    /// <summary>
    /// Runs <paramref name="draft"/> through the steps. Returns the outcome: accepted (with the final text in
    /// <see cref="MessageDraft.Text"/> and any step results in <see cref="MessageDraft.Properties"/>) or refused by a
    /// step (<see cref="PipelineOutcome.RefusedBy"/>, <see cref="PipelineOutcome.Reason"/>). Exceptions of a step
    /// (e.g. the spam memory's store is unreachable) propagate; the handler treats them as it treats a failing store.
    /// </summary>
    public async ValueTask<PipelineOutcome> RunAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var start = _time.GetTimestamp();
        try
        {
            foreach (var step in _steps)
            {
                var result = await step.ProcessAsync(draft, cancellationToken).ConfigureAwait(false);
                switch (result.Outcome)
                {
                    case StepOutcome.Changed:
                        draft.Text = result.Text!;
                        _metrics.StepDecided(step.Name, StepOutcome.Changed);
                        break;
                    case StepOutcome.Refused:
                        _metrics.StepDecided(step.Name, StepOutcome.Refused);
                        AutomationLog.Refused(_logger, draft.ConversationId, step.Name);
                        return PipelineOutcome.Refused(draft, step.Name, result.Reason!);
                }
            }

            return PipelineOutcome.Accepted(draft);
        }
        finally
        {
            _metrics.PipelineRan(_time.GetElapsedTime(start).TotalSeconds);
        }
    }
}
