using CustomerChat.Broker.BusinessHours;
using Microsoft.Extensions.Time.Testing;

namespace CustomerChat.Broker.Tests.BusinessHours;

/// <summary>The business-hours calendar on a fake clock: ranges, midnight, holidays, daylight-saving changes.</summary>
public sealed class BusinessHoursCalendarTests
{
    private static BusinessHoursCalendar Calendar(FakeTimeProvider time, string zone, Dictionary<string, string>? days = null, params string[] holidays) =>
        BusinessHoursCalendar.FromOptions(
            new BusinessHoursOptions
            {
                TimeZone = zone,
                Days = days ?? new Dictionary<string, string>(),
                Holidays = [.. holidays],
            },
            time);

    private static readonly Dictionary<string, string> OfficeWeek = new()
    {
        ["Mon"] = "09:00-17:00", ["Tue"] = "09:00-17:00", ["Wed"] = "09:00-17:00", ["Thu"] = "09:00-17:00", ["Fri"] = "09:00-12:00,13:00-17:00",
    };

    [Fact]
    public void NothingConfiguredIsAlwaysOpenWithNoNextOpening()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 25, 3, 0, 0, TimeSpan.Zero));
        var calendar = BusinessHoursCalendar.FromOptions(new BusinessHoursOptions(), time);
        Assert.True(calendar.AlwaysOpen);
        Assert.True(calendar.IsOpenNow());
        Assert.Null(calendar.NextOpeningFromNow());
        Assert.Equal(BusinessHoursOptions.DefaultOfflineMessage, calendar.OfflineMessage);
    }

    [Fact]
    public void OpensAtTheRangeStartAndClosesAtItsEndInTheConfiguredZone()
    {
        // 2026-11-30 is a Monday; Berlin is UTC+1 in winter.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 59, 0, TimeSpan.Zero));
        var calendar = Calendar(time, "Europe/Berlin", OfficeWeek);
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow());

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(calendar.IsOpenNow());
        Assert.Null(calendar.NextOpeningFromNow());

        time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero));
        Assert.True(calendar.IsOpenNow());
        time.Advance(TimeSpan.FromSeconds(1)); // 17:00 Berlin: the end is exclusive
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow());
    }

    [Fact]
    public void ALunchBreakBetweenTwoRangesIsClosedAndTheWeekendSkipsToMonday()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 11, 30, 0, TimeSpan.Zero)); // Friday 12:30 Berlin
        var calendar = Calendar(time, "Europe/Berlin", OfficeWeek);
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow());

        time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero)); // Friday 17:00 Berlin
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow()); // Monday 09:00
    }

    [Fact]
    public void ARangePastMidnightIsOpenOnBothSidesOfMidnight()
    {
        var days = new Dictionary<string, string> { ["Sat"] = "22:00-02:00" };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 21, 59, 0, TimeSpan.Zero)); // Saturday, UTC
        var calendar = Calendar(time, "UTC", days);
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow());
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 12, 5, 23, 59, 0, TimeSpan.Zero)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 12, 6, 1, 59, 0, TimeSpan.Zero)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 12, 22, 0, 0, TimeSpan.Zero), calendar.NextOpen(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AWholeDayRangeEndsAt24AndMeetsTheNextDay()
    {
        var days = new Dictionary<string, string> { ["Mon"] = "00:00-24:00", ["Tue"] = "00:00-08:00" };
        var calendar = Calendar(new FakeTimeProvider(), "UTC", days);
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 12, 1, 7, 59, 0, TimeSpan.Zero)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AHolidayStartsNoRangeButThePreviousNightsRangeStillEnds()
    {
        var days = new Dictionary<string, string> { ["Thu"] = "20:00-02:00", ["Fri"] = "09:00-17:00", ["Mon"] = "09:00-17:00" };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 25, 1, 0, 0, TimeSpan.Zero)); // Friday 25 Dec, 01:00 UTC
        var calendar = Calendar(time, "UTC", days, "2026-12-25");
        Assert.True(calendar.IsOpenNow()); // Thursday's range runs into the holiday
        Assert.False(calendar.IsOpen(new DateTimeOffset(2026, 12, 25, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 9, 0, 0, TimeSpan.Zero), calendar.NextOpen(new DateTimeOffset(2026, 12, 25, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void HolidaysAloneCloseWholeDaysOfAnOtherwiseAlwaysOpenCalendar()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 25, 12, 0, 0, TimeSpan.Zero));
        var calendar = Calendar(time, "America/New_York", null, "2026-12-25");
        Assert.False(calendar.AlwaysOpen);
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 12, 26, 5, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow()); // midnight New York
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 12, 25, 4, 59, 0, TimeSpan.Zero))); // still the 24th in New York
    }

    [Fact]
    public void SpringForwardOpensARangeThatStartsInTheSkippedHourWhenTheClockJumps()
    {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC). A Sunday.
        var days = new Dictionary<string, string> { ["Sun"] = "02:30-05:00" };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero)); // 01:30 CET
        var calendar = Calendar(time, "Europe/Berlin", days);
        Assert.False(calendar.IsOpenNow());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), calendar.NextOpeningFromNow());
        time.SetUtcNow(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)); // 03:00 CEST
        Assert.True(calendar.IsOpenNow());
        Assert.False(calendar.IsOpen(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.Zero))); // 05:00 CEST
    }

    [Fact]
    public void SpringForwardShortensTheDayButKeepsWallClockOpeningTimes()
    {
        // New York, 2026-03-08 (Sunday): 09:00 is 13:00 UTC after the change, 14:00 UTC the day before.
        var days = new Dictionary<string, string> { ["Sat"] = "09:00-17:00", ["Sun"] = "09:00-17:00" };
        var calendar = Calendar(new FakeTimeProvider(), "America/New_York", days);
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 14, 0, 0, TimeSpan.Zero), calendar.NextOpen(new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 13, 0, 0, TimeSpan.Zero), calendar.NextOpen(new DateTimeOffset(2026, 3, 7, 23, 0, 0, TimeSpan.Zero)));
        Assert.False(calendar.IsOpen(new DateTimeOffset(2026, 3, 8, 12, 59, 0, TimeSpan.Zero)));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 3, 8, 13, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void FallBackKeepsTheRepeatedHourOpenAndOpensAtItsFirstOccurrence()
    {
        // Berlin, 2026-10-25 (Sunday): 03:00 CEST falls back to 02:00 CET; 02:00-03:00 local happens twice.
        var days = new Dictionary<string, string> { ["Sun"] = "02:00-03:00" };
        var calendar = Calendar(new FakeTimeProvider(), "Europe/Berlin", days);
        var firstTwoOClock = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero); // 02:00 CEST
        Assert.Equal(firstTwoOClock, calendar.NextOpen(new DateTimeOffset(2026, 10, 24, 20, 0, 0, TimeSpan.Zero)));
        Assert.True(calendar.IsOpen(firstTwoOClock));
        Assert.True(calendar.IsOpen(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero))); // 02:30 CET, the repeat
        Assert.False(calendar.IsOpen(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.Zero))); // 03:00 CET
    }

    [Fact]
    public void EveryDayClosedHasNoNextOpening()
    {
        var calendar = Calendar(new FakeTimeProvider(), "UTC", new Dictionary<string, string> { ["Mon"] = "closed" });
        Assert.False(calendar.IsOpenNow());
        Assert.Null(calendar.NextOpeningFromNow());
    }
}
