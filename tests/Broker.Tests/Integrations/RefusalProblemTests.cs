using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>The refusal code → HTTP status table of the HTTP doors (docs/protocol.md §16 "HTTP doors").</summary>
public sealed class RefusalProblemTests
{
    [Theory]
    [InlineData(ErrorCodes.Invalid, 400)]
    [InlineData(ErrorCodes.Rejected, 400)]
    [InlineData(ErrorCodes.Forbidden, 403)]
    [InlineData(ErrorCodes.NotFound, 404)]
    [InlineData(ErrorCodes.Conflict, 409)]
    [InlineData(ErrorCodes.RateLimited, 429)]
    [InlineData(ErrorCodes.Unavailable, 503)]
    public void EachRefusalCodeHasItsStatus(string code, int status) => Assert.Equal(status, RefusalProblems.StatusOf(code));
}
