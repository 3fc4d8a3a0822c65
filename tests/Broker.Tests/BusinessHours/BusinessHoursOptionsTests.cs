using CustomerChat.Broker.BusinessHours;
using CustomerChat.Broker.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Tests.BusinessHours;

/// <summary>Start-up validation of <c>CustomerChat:BusinessHours</c>.</summary>
public sealed class BusinessHoursOptionsTests
{
    private static IReadOnlyList<string> Problems(BusinessHoursOptions options)
    {
        var result = new BusinessHoursOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void ValidOptionsPass()
    {
        Assert.Empty(Problems(new BusinessHoursOptions
        {
            TimeZone = "Europe/Berlin",
            Days = new() { ["Mon"] = "09:00-17:00", ["tuesday"] = "9:00-12:00, 13:00-17:00", ["Sat"] = "22:00-02:00", ["Sun"] = "closed" },
            Holidays = ["2026-12-25"],
        }));
    }

    [Fact]
    public void AnUnknownTimeZoneIsNamed()
    {
        var problems = Problems(new BusinessHoursOptions { TimeZone = "Mars/Olympus_Mons" });
        var problem = Assert.Single(problems);
        Assert.Contains("CustomerChat:BusinessHours:TimeZone 'Mars/Olympus_Mons'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9-17")]
    [InlineData("09:00-17:60")]
    [InlineData("09:00")]
    [InlineData("10:00-10:00")]
    [InlineData("24:00-02:00")]
    [InlineData("09:00-13:00,12:00-17:00")]
    [InlineData("22:00-02:00,23:00-23:30")]
    public void AMalformedOrOverlappingRangeIsNamed(string range)
    {
        var problem = Assert.Single(Problems(new BusinessHoursOptions { Days = new() { ["Wed"] = range } }));
        Assert.Contains("CustomerChat:BusinessHours:Days:Wed", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownWeekdayAndABadHolidayAreBothNamed()
    {
        var problems = Problems(new BusinessHoursOptions { Days = new() { ["Funday"] = "09:00-17:00" }, Holidays = ["25.12.2026"] });
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("Days:Funday", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'25.12.2026'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABrokerWithABadTimeZoneDoesNotStartAndSaysWhy()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BrokerHost.StartAsync("CustomerChat:BusinessHours:TimeZone=Not/AZone"));
        Assert.Contains("Not/AZone", error.Message, StringComparison.Ordinal);
    }
}
