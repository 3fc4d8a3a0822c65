namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// Everything the widget tests share: an "online" broker (departments sales and support, pre-chat email
/// required, department optional), an "offline" broker (business hours closed today and tomorrow, UTC), both
/// allowing only the <see cref="Allowed"/> site to frame the widget, and a second site (<see cref="NotAllowed"/>)
/// on another port that no broker lists.
/// </summary>
public sealed class WidgetFixture : IAsyncLifetime
{
    /// <summary>The offline message of the offline broker.</summary>
    public const string OfflineMessage = "We are closed for the holidays. Leave a message and we will write back.";

    private WidgetBroker? _online;
    private WidgetBroker? _offline;
    private HostSite? _allowed;
    private HostSite? _notAllowed;

    public WidgetBroker Online => _online ?? throw new InvalidOperationException("not started");

    public WidgetBroker Offline => _offline ?? throw new InvalidOperationException("not started");

    public HostSite Allowed => _allowed ?? throw new InvalidOperationException("not started");

    public HostSite NotAllowed => _notAllowed ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var allowedPort = HostSite.FreePort();
        var notAllowedPort = HostSite.FreePort();
        string[] common =
        [
            "CustomerChat:AllowLocalhostOrigins=false",
            $"CustomerChat:AllowedOrigins:0=http://{HostSite.HostName}:{allowedPort}",
            "CustomerChat:Departments:0:Id=sales", "CustomerChat:Departments:0:Name=Sales",
            "CustomerChat:Departments:1:Id=support", "CustomerChat:Departments:1:Name=Support",
        ];
        _online = await WidgetBroker.StartAsync([.. common, "CustomerChat:Widget:PreChat:Email=required", "CustomerChat:Widget:PreChat:Department=optional"]);
        var today = DateTime.UtcNow.Date;
        _offline = await WidgetBroker.StartAsync([
            .. common,
            "CustomerChat:BusinessHours:TimeZone=UTC",
            $"CustomerChat:BusinessHours:Holidays:0={today:yyyy-MM-dd}",
            $"CustomerChat:BusinessHours:Holidays:1={today.AddDays(1):yyyy-MM-dd}",
            $"CustomerChat:BusinessHours:OfflineMessage={OfflineMessage}",
        ]);
        var brokers = new Dictionary<string, string> { ["online"] = _online.Origin, ["offline"] = _offline.Origin };
        _allowed = await HostSite.StartAsync(allowedPort, brokers);
        _notAllowed = await HostSite.StartAsync(notAllowedPort, brokers);
    }

    public async Task DisposeAsync()
    {
        foreach (var part in new IAsyncDisposable?[] { _allowed, _notAllowed, _online, _offline })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }
    }
}
