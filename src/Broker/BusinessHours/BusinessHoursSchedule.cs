using System.Globalization;

namespace CustomerChat.Broker.BusinessHours;

/// <summary>
/// <see cref="BusinessHoursOptions"/> read and checked once: the time zone, the opening ranges of each weekday
/// and the holidays. <see cref="Parse"/> collects every problem as a sentence naming the configuration key, so
/// a start-up fails with all of them at once.
/// </summary>
public sealed class BusinessHoursSchedule
{
    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday, ["Monday"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday, ["Tuesday"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday, ["Wednesday"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday, ["Thursday"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday, ["Friday"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday, ["Saturday"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday, ["Sunday"] = DayOfWeek.Sunday,
    };

    private readonly Dictionary<DayOfWeek, OpeningRange[]> _days;
    private readonly HashSet<DateOnly> _holidays;

    private BusinessHoursSchedule(TimeZoneInfo zone, Dictionary<DayOfWeek, OpeningRange[]>? days, HashSet<DateOnly> holidays, string offlineMessage)
    {
        Zone = zone;
        AlwaysOpenOnWorkingDays = days is null;
        _days = days ?? [];
        _holidays = holidays;
        OfflineMessage = offlineMessage;
    }

    /// <summary>The zone in which ranges and holidays are read.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>True when no day is configured: every day that is not a holiday is open around the clock.</summary>
    public bool AlwaysOpenOnWorkingDays { get; }

    /// <summary>True when nothing at all is configured: the calendar is always open.</summary>
    public bool AlwaysOpen => AlwaysOpenOnWorkingDays && _holidays.Count == 0;

    /// <summary>The message shown while closed.</summary>
    public string OfflineMessage { get; }

    /// <summary>Whether no range starts on that local date.</summary>
    public bool IsHoliday(DateOnly date) => _holidays.Contains(date);

    /// <summary>
    /// The ranges that start on a local date: none on a holiday, the whole day when no day is configured,
    /// else the configured ranges of its weekday (none when the weekday is not listed).
    /// </summary>
    public IReadOnlyList<OpeningRange> RangesStartingOn(DateOnly date)
    {
        if (_holidays.Contains(date))
        {
            return [];
        }

        if (AlwaysOpenOnWorkingDays)
        {
            return [new OpeningRange(TimeSpan.Zero, TimeSpan.FromHours(24))];
        }

        return _days.TryGetValue(date.DayOfWeek, out var ranges) ? ranges : [];
    }

    /// <summary>
    /// Reads the options. Returns null and adds sentences to <paramref name="errors"/> when the time zone is not
    /// a known IANA id, a day name or range is malformed, ranges of one day overlap, or a holiday is not
    /// <c>yyyy-MM-dd</c>.
    /// </summary>
    public static BusinessHoursSchedule? Parse(BusinessHoursOptions options, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var zone = ParseZone(options.TimeZone, errors);

        Dictionary<DayOfWeek, OpeningRange[]>? days = null;
        if (options.Days.Count > 0)
        {
            days = [];
            foreach (var (key, value) in options.Days)
            {
                if (!DayNames.TryGetValue(key.Trim(), out var day))
                {
                    errors.Add($"{BusinessHoursOptions.SectionName}:Days:{key} is not a weekday (use Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
                    continue;
                }

                if (days.ContainsKey(day))
                {
                    errors.Add($"{BusinessHoursOptions.SectionName}:Days lists {day} twice.");
                    continue;
                }

                days[day] = ParseRanges(key, value, errors);
            }
        }

        var holidays = new HashSet<DateOnly>();
        foreach (var text in options.Holidays)
        {
            if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(date);
            }
            else
            {
                errors.Add($"{BusinessHoursOptions.SectionName}:Holidays entry '{text}' is not a date of the form yyyy-MM-dd.");
            }
        }

        if (errors.Count > before || zone is null)
        {
            return null;
        }

        var message = string.IsNullOrWhiteSpace(options.OfflineMessage) ? BusinessHoursOptions.DefaultOfflineMessage : options.OfflineMessage.Trim();
        return new BusinessHoursSchedule(zone, days, holidays, message);
    }

    private static TimeZoneInfo? ParseZone(string? id, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"{BusinessHoursOptions.SectionName}:TimeZone '{id}' is not a known IANA time zone id (e.g. Europe/Berlin, America/New_York, UTC).");
            return null;
        }
    }

    private static OpeningRange[] ParseRanges(string day, string? value, ICollection<string> errors)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Equals("closed", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var ranges = new List<OpeningRange>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || ParseTime(ends[0]) is not { } start || ParseTime(ends[1]) is not { } end
                || start == TimeSpan.FromHours(24) || start == end)
            {
                errors.Add($"{BusinessHoursOptions.SectionName}:Days:{day} range '{part}' is not HH:mm-HH:mm with two different times " +
                    "(00:00-24:00 is the whole day, 22:00-02:00 runs past midnight).");
                continue;
            }

            ranges.Add(new OpeningRange(start, end));
        }

        // Overlaps within one day would make "next open" ambiguous; say so instead of guessing.
        var ordered = ranges.OrderBy(r => r.Start).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            var previousEnd = ordered[i - 1].CrossesMidnight ? TimeSpan.FromHours(24) : ordered[i - 1].End;
            if (ordered[i].Start < previousEnd || ordered[i - 1].CrossesMidnight)
            {
                errors.Add($"{BusinessHoursOptions.SectionName}:Days:{day} ranges '{value}' overlap (only the last range of a day may run past midnight).");
                break;
            }
        }

        return ordered;
    }

    private static TimeSpan? ParseTime(string text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : null;
    }
}
