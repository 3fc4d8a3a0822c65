namespace CustomerChat.Broker.Automation;

/// <summary>Log messages of the automation capability (pipeline, translation, bot); event ids 7400–7499. Never message text.</summary>
internal static partial class AutomationLog
{
    [LoggerMessage(7400, LogLevel.Information, "Message pipeline: {Steps}")]
    public static partial void PipelineSteps(ILogger logger, string steps);

    [LoggerMessage(7401, LogLevel.Debug, "Message in conversation {ConversationId} refused by step {Step}")]
    public static partial void Refused(ILogger logger, string conversationId, string step);

    [LoggerMessage(7410, LogLevel.Information, "Profanity lists loaded: {Words} words and {Stems} word stems")]
    public static partial void ProfanityLoaded(ILogger logger, int words, int stems);

    [LoggerMessage(7420, LogLevel.Warning, "Translation into '{Target}' did not answer within {Milliseconds} ms: the message goes on untranslated")]
    public static partial void TranslationTimeout(ILogger logger, string target, double milliseconds);

    [LoggerMessage(7421, LogLevel.Warning, "Translation into '{Target}' failed with HTTP {Status}: the message goes on untranslated")]
    public static partial void TranslationHttpError(ILogger logger, string target, int status);

    [LoggerMessage(7422, LogLevel.Warning, "Translation into '{Target}' failed ({Reason}): the message goes on untranslated")]
    public static partial void TranslationFailed(ILogger logger, string target, string reason);

    [LoggerMessage(7423, LogLevel.Information, "Translation through {Endpoint}, timeout {Milliseconds} ms, cache of {CacheSize} entries")]
    public static partial void TranslationConfigured(ILogger logger, string endpoint, double milliseconds, int cacheSize);
}
