using CustomerChat.Broker.Stomp;
using Microsoft.AspNetCore.Diagnostics;

namespace CustomerChat.Broker.Hosting;

/// <summary>
/// Answers an HTTP request that needed Redis while Redis is unreachable with 503 and a problem document
/// (and <c>Retry-After</c>), rather than a 500: the broker is up, its store is not (docs/protocol.md §8 health).
/// </summary>
public sealed class StoreUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BackplaneUnavailableException)
        {
            return false;
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = 503, Title = "Storage unavailable", Detail = "The conversation store cannot be reached; try again shortly." },
        });
    }
}
