namespace CustomerChat.Broker.BusinessHours;

/// <summary>
/// One opening range of a weekday in local wall-clock time: from <see cref="Start"/> to <see cref="End"/>,
/// both as time of day since local midnight. <see cref="End"/> may be 24 h (midnight at the end of the day);
/// when it is not after <see cref="Start"/> the range runs past midnight and ends on the next day.
/// </summary>
/// <param name="Start">Opening time of day, 00:00 to 23:59.</param>
/// <param name="End">Closing time of day, 00:00 to 24:00.</param>
public readonly record struct OpeningRange(TimeSpan Start, TimeSpan End)
{
    /// <summary>Whether the range ends on the next day (<c>22:00-02:00</c>).</summary>
    public bool CrossesMidnight => End <= Start;
}
