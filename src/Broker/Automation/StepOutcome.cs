namespace CustomerChat.Broker.Automation;

/// <summary>What a pipeline step decided about a message.</summary>
public enum StepOutcome
{
    /// <summary>The message goes on unchanged.</summary>
    Pass,

    /// <summary>The message goes on with a new text (<see cref="StepResult.Text"/>).</summary>
    Changed,

    /// <summary>The message is refused (<see cref="StepResult.Reason"/>): nothing is stored or delivered.</summary>
    Refused,
}
