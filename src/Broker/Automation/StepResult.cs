namespace CustomerChat.Broker.Automation;

/// <summary>The answer of one <see cref="IMessageStep"/>: pass, changed text, or refused with a reason.</summary>
public readonly record struct StepResult
{
    private StepResult(StepOutcome outcome, string? text, string? reason)
    {
        Outcome = outcome;
        Text = text;
        Reason = reason;
    }

    /// <summary>The message goes on unchanged.</summary>
    public static StepResult Pass => default;

    /// <summary>What the step decided.</summary>
    public StepOutcome Outcome { get; }

    /// <summary>The new text when <see cref="Outcome"/> is <see cref="StepOutcome.Changed"/>; null otherwise.</summary>
    public string? Text { get; }

    /// <summary>The reason shown to the sender when <see cref="Outcome"/> is <see cref="StepOutcome.Refused"/>; null otherwise.</summary>
    public string? Reason { get; }

    /// <summary>The message goes on with <paramref name="text"/> instead of its current text.</summary>
    public static StepResult Change(string text) => new(StepOutcome.Changed, text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>The message is refused; <paramref name="reason"/> is a human-readable sentence for the sender.</summary>
    public static StepResult Refuse(string reason) => new(StepOutcome.Refused, null, reason ?? throw new ArgumentNullException(nameof(reason)));
}
