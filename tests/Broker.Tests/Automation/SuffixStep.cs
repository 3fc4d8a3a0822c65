using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>A test step named <paramref name="name"/> that appends <paramref name="suffix"/> and records the text it saw.</summary>
public sealed class SuffixStep(string name, string suffix) : IMessageStep
{
    /// <summary>The texts this step was given, in order.</summary>
    public List<string> Seen { get; } = [];

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public ValueTask<StepResult> ProcessAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        Seen.Add(draft.Text);
        return ValueTask.FromResult(StepResult.Change(draft.Text + suffix));
    }
}
