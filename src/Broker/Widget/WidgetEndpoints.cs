using CustomerChat.Broker.BusinessHours;
using Microsoft.Extensions.Options;
using CustomerChat.Broker.Departments;

namespace CustomerChat.Broker.Widget;

/// <summary>
/// <c>GET /api/widget/config</c> and <c>GET /api/departments</c> (docs/protocol.md §18), both for anyone
/// (no token), answered with <c>Cache-Control: no-store</c> since availability changes by the minute.
/// </summary>
public static class WidgetEndpoints
{
    /// <summary>The OpenAPI tag of both endpoints.</summary>
    public const string Tag = "Widget";

    /// <summary>Maps both endpoints.</summary>
    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/widget/config", GetConfigAsync)
            .WithName("GetWidgetConfig")
            .WithTags(Tag)
            .WithSummary("What the website widget shows: open or closed, availability, departments, pre-chat form, offline message, language.")
            .Produces<WidgetConfigView>(StatusCodes.Status200OK, "application/json");
        endpoints.MapGet("/api/departments", GetDepartmentsAsync)
            .WithName("GetDepartments")
            .WithTags(Tag)
            .WithSummary("The configured departments and whether an agent of each is available now.")
            .Produces<IReadOnlyList<DepartmentView>>(StatusCodes.Status200OK, "application/json");
        return endpoints;
    }

    private static async Task<IResult> GetConfigAsync(
        HttpContext http,
        BusinessHoursCalendar calendar,
        DepartmentDirectory departments,
        IAgentAvailability availability,
        IOptions<WidgetOptions> options,
        string? locale,
        string? department)
    {
        var ct = http.RequestAborted;
        var open = calendar.IsOpenNow();
        var list = await DepartmentViewsAsync(departments, availability, ct).ConfigureAwait(false);
        var chosen = departments.Find(department)?.Id;
        var available = open && await availability.IsAnyAgentAvailableAsync(chosen, ct).ConfigureAwait(false);
        var preChat = options.Value.PreChat;
        var view = new WidgetConfigView(
            open,
            available,
            open ? null : calendar.NextOpeningFromNow(),
            list,
            new PreChatView(
                Mode(preChat.Name),
                Mode(preChat.Email),
                departments.All.Count == 0 ? Mode(PreChatFieldMode.Off) : Mode(preChat.Department)),
            calendar.OfflineMessage,
            WidgetLocales.Resolve(options.Value, locale, http.Request.Headers.AcceptLanguage.ToString()));
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(view, WidgetJsonContext.Default.WidgetConfigView);
    }

    private static async Task<IResult> GetDepartmentsAsync(HttpContext http, DepartmentDirectory departments, IAgentAvailability availability)
    {
        var list = await DepartmentViewsAsync(departments, availability, http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(list, WidgetJsonContext.Default.IReadOnlyListDepartmentView);
    }

    private static async Task<IReadOnlyList<DepartmentView>> DepartmentViewsAsync(
        DepartmentDirectory departments, IAgentAvailability availability, CancellationToken ct)
    {
        var views = new List<DepartmentView>(departments.All.Count);
        foreach (var department in departments.All)
        {
            var available = await availability.IsAnyAgentAvailableAsync(department.Id, ct).ConfigureAwait(false);
            views.Add(new DepartmentView(department.Id, department.Name ?? department.Id, available));
        }

        return views;
    }

    private static string Mode(PreChatFieldMode mode) => mode switch
    {
        PreChatFieldMode.Required => "required",
        PreChatFieldMode.Optional => "optional",
        _ => "off",
    };
}
