namespace CustomerChat.Broker.Automation;

/// <summary>
/// What <see cref="MessagePipeline.RunAsync"/> decided about a message. When <see cref="IsRefused"/>, the message
/// handler refuses the frame with code <c>rejected</c> (<see cref="MessagePipeline.RefusalCode"/>) and
/// <see cref="Reason"/> as the <c>message</c>, and stores and delivers nothing. Otherwise it stores and delivers
/// <see cref="Text"/> with <see cref="Translation"/> (if any).
/// </summary>
public sealed class PipelineOutcome
{
    private PipelineOutcome(MessageDraft draft, string? refusedBy, string? reason)
    {
        Draft = draft;
        RefusedBy = refusedBy;
        Reason = reason;
    }

    /// <summary>The draft after every step that ran (its text and properties).</summary>
    public MessageDraft Draft { get; }

    /// <summary>Whether a step refused the message.</summary>
    public bool IsRefused => RefusedBy is not null;

    /// <summary>The name of the step that refused the message; null when accepted.</summary>
    public string? RefusedBy { get; }

    /// <summary>The refusal's human-readable reason for the sender; null when accepted.</summary>
    public string? Reason { get; }

    /// <summary>The text to store and deliver (the original with every step's changes).</summary>
    public string Text => Draft.Text;

    /// <summary>The translation to attach to the ChatMessage, if the <c>translation</c> step made one.</summary>
    public MessageTranslation? Translation => Draft.Translation;

    /// <summary>The message was accepted (maybe changed).</summary>
    internal static PipelineOutcome Accepted(MessageDraft draft) => new(draft, null, null);

    /// <summary>The step <paramref name="step"/> refused the message for <paramref name="reason"/>.</summary>
    internal static PipelineOutcome Refused(MessageDraft draft, string step, string reason) => new(draft, step, reason);
}
