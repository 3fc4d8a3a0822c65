namespace CustomerChat.Broker.Automation;

/// <summary>
/// One step of the message pipeline (docs/protocol.md §13 "Steps"): it looks at a chat message before it is
/// stored and passes it, changes its text, or refuses it. A new step is one class implementing this interface and one
/// registration, <c>services.AddSingleton&lt;IMessageStep, MyStep&gt;()</c>; operators then list its <see cref="Name"/>
/// in <c>CustomerChat:Pipeline:Steps</c>. Steps are singletons shared by all messages and must be thread-safe.
/// </summary>
public interface IMessageStep
{
    /// <summary>The name operators list in <c>CustomerChat:Pipeline:Steps</c>, e.g. <c>spam</c>; unique, compared ordinally.</summary>
    string Name { get; }

    /// <summary>
    /// Looks at <paramref name="draft"/> (its <see cref="MessageDraft.Text"/> already holds the changes of earlier steps)
    /// and returns <see cref="StepResult.Pass"/>, <see cref="StepResult.Change"/> or <see cref="StepResult.Refuse"/>.
    /// A step may also put results into <see cref="MessageDraft.Properties"/>. It should finish quickly: whatever
    /// depends on another service must bound its wait and pass when that service fails.
    /// </summary>
    ValueTask<StepResult> ProcessAsync(MessageDraft draft, CancellationToken cancellationToken);
}
