using CustomerChat.Broker.Automation;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>A test step named <c>refuse</c> that refuses every message whose text contains <c>no</c>, asynchronously.</summary>
public sealed class RefuseStep : IMessageStep
{
    /// <inheritdoc />
    public string Name => "refuse";

    /// <inheritdoc />
    public async ValueTask<StepResult> ProcessAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return draft.Text.Contains("no", StringComparison.Ordinal) ? StepResult.Refuse("the text says no") : StepResult.Pass;
    }
}
