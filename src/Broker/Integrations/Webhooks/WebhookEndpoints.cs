using CustomerChat.Broker.Identity;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The webhook management API (docs/protocol.md §16 "Webhooks"), for admins (agents with <c>Admin: true</c>)
/// and API keys: <c>POST /api/webhooks</c>, <c>GET /api/webhooks</c>, <c>DELETE /api/webhooks/{id}</c>,
/// <c>GET /api/webhooks/{id}/deliveries?limit=</c>. 401 without a valid credential, 403 for customers and other
/// agents, 400 for invalid input or a refused address, 404 for an unknown id, 409 to delete a configured webhook.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The OpenAPI tag.</summary>
    public const string Tag = "Webhooks";

    private const string Who = "Only admins and API keys may manage webhooks";

    /// <summary>Maps the four endpoints.</summary>
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/webhooks").WithTags(Tag);
        group.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Create a webhook")
            .WithDescription("Admins and API keys. The secret signs every delivery (X-CustomerChat-Signature) and is never shown again.")
            .Accepts<CreateWebhookRequest>("application/json")
            .Produces<WebhookView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListWebhooks")
            .WithSummary("List webhooks (configured and managed)")
            .Produces<IReadOnlyList<WebhookView>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook")
            .WithSummary("Delete a managed webhook")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("Recent delivery attempts of a webhook, newest first")
            .Produces<IReadOnlyList<WebhookAttempt>>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateWebhookRequest? request, IWebhookStore store, IOptions<IntegrationOptions> options,
        TimeProvider time, ILoggerFactory loggers)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (!caller.IsAdminOrApiKey)
        {
            return HttpCaller.Forbidden(Who);
        }

        if (!WebhookRules.IsHttpUrl(request?.Url))
        {
            return Invalid("Invalid 'url'", "'url' must be an absolute http or https URL without user info, at most 2048 characters.");
        }

        if (request!.Secret is not { Length: > 0 and <= WebhookRules.MaxSecretLength })
        {
            return Invalid("Invalid 'secret'", $"'secret' must be 1 to {WebhookRules.MaxSecretLength} characters.");
        }

        var events = request.Events?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (events.Count == 0 || events.Any(e => !WebhookEvents.IsKnown(e)))
        {
            return Invalid("Invalid 'events'", $"'events' must list one or more of: {string.Join(", ", WebhookEvents.All)}.");
        }

        var url = new Uri(request.Url!);
        if (options.Value.WebhookDelivery.AllowPrivateAddresses != true
            && await WebhookAddressPolicy.CheckAsync(url, http.RequestAborted) is { } refusal)
        {
            return Invalid("Address not allowed", refusal);
        }

        var webhook = new WebhookSubscription("wh_" + Guid.NewGuid().ToString("N"), request.Url!, request.Secret, events, Configured: false, time.GetUtcNow(), caller.Id);
        await store.AddAsync(webhook, http.RequestAborted);
        WebhookLog.Created(loggers.CreateLogger(typeof(WebhookEndpoints)), webhook.Id, caller.Id, webhook.Url, string.Join(",", events));
        return TypedResults.Json(WebhookView.Of(webhook), WebhookJsonContext.Default.WebhookView, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, WebhookRegistry registry)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (!caller.IsAdminOrApiKey)
        {
            return HttpCaller.Forbidden(Who);
        }

        var all = await registry.ListAsync(http.RequestAborted);
        return TypedResults.Json<IReadOnlyList<WebhookView>>(all.Select(WebhookView.Of).ToList(), WebhookJsonContext.Default.IReadOnlyListWebhookView);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, WebhookRegistry registry, IWebhookStore store, ILoggerFactory loggers)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (!caller.IsAdminOrApiKey)
        {
            return HttpCaller.Forbidden(Who);
        }

        if (registry.IsConfigured(id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Configured webhook",
                detail: "This webhook comes from CustomerChat:Webhooks; change the configuration to remove it.");
        }

        if (!await store.RemoveAsync(id, http.RequestAborted))
        {
            return NotFound();
        }

        registry.Forget(); // this instance's attempts see the deletion at once
        WebhookLog.Deleted(loggers.CreateLogger(typeof(WebhookEndpoints)), id, caller.Id);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeliveriesAsync(HttpContext http, string id, int? limit, WebhookRegistry registry, IWebhookStore store, IOptions<IntegrationOptions> options)
    {
        var caller = await HttpCaller.GetAsync(http);
        if (caller is null)
        {
            return HttpCaller.Unauthorized();
        }

        if (!caller.IsAdminOrApiKey)
        {
            return HttpCaller.Forbidden(Who);
        }

        var max = options.Value.WebhookDelivery.DeliveryLogSize;
        var size = limit ?? max;
        if (size < 1 || size > max)
        {
            return Invalid("Invalid 'limit'", $"'limit' must be from 1 to {max}.");
        }

        if (await registry.FindAsync(id, http.RequestAborted) is null)
        {
            return NotFound();
        }

        var attempts = await store.RecentAttemptsAsync(id, size, http.RequestAborted);
        return TypedResults.Json(attempts, WebhookJsonContext.Default.IReadOnlyListWebhookAttempt);
    }

    private static IResult Invalid(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
