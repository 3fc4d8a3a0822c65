namespace CustomerChat.Broker.BusinessHours;

/// <summary>
/// <c>CustomerChat:BusinessHours</c> (docs/protocol.md §18 "Business hours"): when the support team
/// works. Nothing set (no <see cref="Days"/>, no <see cref="Holidays"/>) means always open.
/// </summary>
/// <example>
/// <code>
/// "BusinessHours": {
///   "TimeZone": "Europe/Berlin",
///   "Days": { "Mon": "09:00-17:00", "Tue": "09:00-12:00,13:00-17:00", "Sat": "22:00-02:00" },
///   "Holidays": [ "2026-12-25" ],
///   "OfflineMessage": "We are away right now. Leave a message and we will reply by email."
/// }
/// </code>
/// </example>
public sealed class BusinessHoursOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:BusinessHours";

    /// <summary>The default <see cref="OfflineMessage"/>.</summary>
    public const string DefaultOfflineMessage = "We are not online right now. Leave us a message and we will get back to you.";

    /// <summary>
    /// An IANA time zone id (<c>Europe/Berlin</c>, <c>America/New_York</c>) in which <see cref="Days"/> and
    /// <see cref="Holidays"/> are read. Default <c>UTC</c>. An unknown id stops the start-up.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Opening hours per weekday: keys <c>Mon</c> … <c>Sun</c> (or the full English names, any case), values
    /// one or more comma-separated <c>HH:mm-HH:mm</c> ranges in local time (<c>24:00</c> allowed as an end;
    /// an end before its start runs past midnight into the next day), or <c>closed</c>. When any day is listed,
    /// the days not listed are closed.
    /// </summary>
    public Dictionary<string, string> Days { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Local dates (<c>yyyy-MM-dd</c>) on which no range starts (a range of the day before that runs past
    /// midnight still ends as usual).
    /// </summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>
    /// What a customer is told while closed (in the widget, and by the bot on a new conversation's first
    /// message). Default <see cref="DefaultOfflineMessage"/>.
    /// </summary>
    public string? OfflineMessage { get; set; }
}
