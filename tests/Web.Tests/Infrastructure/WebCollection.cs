namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>The browser tests share one broker and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<BrokerFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "web";
}
