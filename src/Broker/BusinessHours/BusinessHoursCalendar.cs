namespace CustomerChat.Broker.BusinessHours;

/// <summary>
/// Answers "is support open at this instant?" and "when does it open next?" from
/// <c>CustomerChat:BusinessHours</c> (docs/protocol.md §18 "Business hours"). Ranges are local wall-clock
/// times of the configured zone, so they follow daylight-saving changes: on a spring-forward day a range that
/// starts in the skipped hour opens when the clock jumps; on a fall-back day the repeated hour is open when its
/// wall-clock time is inside a range. A range belongs to the day it starts on: a holiday starts no range, and
/// the part after midnight of the previous day's range still counts. Nothing configured = always open.
/// </summary>
public sealed class BusinessHoursCalendar
{
    /// <summary>How far <see cref="NextOpen"/> looks ahead, in days.</summary>
    public const int LookAheadDays = 400;

    private readonly BusinessHoursSchedule _schedule;
    private readonly TimeProvider _time;

    /// <summary>Creates the calendar of a parsed schedule; "now" comes from <paramref name="time"/>.</summary>
    public BusinessHoursCalendar(BusinessHoursSchedule schedule, TimeProvider time)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The zone in which the hours are read.</summary>
    public TimeZoneInfo Zone => _schedule.Zone;

    /// <summary>True when nothing is configured: open at every instant.</summary>
    public bool AlwaysOpen => _schedule.AlwaysOpen;

    /// <summary>The message shown while closed (<c>CustomerChat:BusinessHours:OfflineMessage</c>).</summary>
    public string OfflineMessage => _schedule.OfflineMessage;

    /// <summary>
    /// Reads options into a calendar. Throws <see cref="InvalidOperationException"/> naming every bad key
    /// (unknown time zone, malformed range, weekday or holiday) when the options are not valid.
    /// </summary>
    public static BusinessHoursCalendar FromOptions(BusinessHoursOptions options, TimeProvider time)
    {
        var errors = new List<string>();
        var schedule = BusinessHoursSchedule.Parse(options, errors)
            ?? throw new InvalidOperationException("Invalid business hours: " + string.Join(" ", errors));
        return new BusinessHoursCalendar(schedule, time);
    }

    /// <summary>Whether support is open now (the <see cref="TimeProvider"/>'s UTC now).</summary>
    public bool IsOpenNow() => IsOpen(_time.GetUtcNow());

    /// <summary>When support opens next, seen from now: null while open, or when it never opens within <see cref="LookAheadDays"/>.</summary>
    public DateTimeOffset? NextOpeningFromNow()
    {
        var now = _time.GetUtcNow();
        return IsOpen(now) ? null : NextOpen(now);
    }

    /// <summary>Whether support is open at an instant.</summary>
    public bool IsOpen(DateTimeOffset at)
    {
        if (_schedule.AlwaysOpen)
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(at, _schedule.Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = local.TimeOfDay;
        foreach (var range in _schedule.RangesStartingOn(date))
        {
            if (time >= range.Start && (range.CrossesMidnight || time < range.End))
            {
                return true;
            }
        }

        foreach (var range in _schedule.RangesStartingOn(date.AddDays(-1)))
        {
            if (range.CrossesMidnight && time < range.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The earliest instant at or after <paramref name="from"/> when support is open: <paramref name="from"/> itself
    /// while open, else the next opening (in UTC offset 0), or null when no range opens within
    /// <see cref="LookAheadDays"/> days (every day closed or a holiday).
    /// </summary>
    public DateTimeOffset? NextOpen(DateTimeOffset from)
    {
        if (IsOpen(from))
        {
            return from;
        }

        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, _schedule.Zone).DateTime).AddDays(-1);
        for (var day = 0; day <= LookAheadDays; day++)
        {
            var date = first.AddDays(day);
            foreach (var range in _schedule.RangesStartingOn(date))
            {
                foreach (var candidate in Instants(date, range.Start))
                {
                    if (candidate > from && IsOpen(candidate))
                    {
                        return candidate.ToUniversalTime();
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The instants at which a local date and time of day occur: one usually; none skipped but the end of the
    /// gap for a time inside a spring-forward gap; both occurrences, earlier first, for a fall-back repeat.
    /// </summary>
    private IEnumerable<DateTimeOffset> Instants(DateOnly date, TimeSpan timeOfDay)
    {
        var zone = _schedule.Zone;
        var local = date.ToDateTime(TimeOnly.MinValue) + timeOfDay;
        if (zone.IsInvalidTime(local))
        {
            // The wall clock skips this time: the range opens when the clock jumps past the gap.
            var step = local;
            for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(step); i++)
            {
                step = step.AddMinutes(1);
            }

            step = new DateTime(step.Year, step.Month, step.Day, step.Hour, step.Minute, 0, DateTimeKind.Unspecified);
            yield return new DateTimeOffset(step, zone.GetUtcOffset(step));
            yield break;
        }

        if (zone.IsAmbiguousTime(local))
        {
            foreach (var offset in zone.GetAmbiguousTimeOffsets(local).OrderByDescending(o => o))
            {
                yield return new DateTimeOffset(local, offset);
            }

            yield break;
        }

        yield return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
