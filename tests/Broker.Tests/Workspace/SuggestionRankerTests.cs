using CustomerChat.Broker.Workspace.CannedResponses;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>The TF-IDF ranking behind <c>GET /api/conversations/{id}/suggestions</c>.</summary>
public sealed class SuggestionRankerTests
{
    private static readonly CannedResponse Password = new("cr-1", "reset-password", "To reset your password, open Settings and choose Reset password.");
    private static readonly CannedResponse Refund = new("cr-2", "refund", "Refunds reach your card within five working days after we receive the order.");
    private static readonly CannedResponse Shipping = new("cr-3", "shipping", "Every order ships within two days; you get a tracking link by email.");
    private static readonly CannedResponse Greeting = new("cr-4", "greeting", "Welcome! How can I help you today?");
    private static readonly CannedResponse[] All = [Password, Refund, Shipping, Greeting];

    [Fact]
    public void TheResponseSharingTheMessagesWordsComesFirst()
    {
        var ranked = SuggestionRanker.Rank("I forgot my password, how do I reset it?", All);
        Assert.Equal("reset-password", ranked[0].ShortCode);
        Assert.Single(ranked);
    }

    [Fact]
    public void ResponsesSharingNoWordWithTheMessageAreLeftOut()
    {
        Assert.Empty(SuggestionRanker.Rank("Bonjour, quelqu'un est là?", All));
    }

    [Fact]
    public void AMessageOfStopWordsOnlySuggestsNothing()
    {
        Assert.Empty(SuggestionRanker.Rank("Hello, can you do this for me? Is it so?", All));
    }

    [Fact]
    public void ARareWordOutweighsAWordManyResponsesShare()
    {
        // "order" is in two responses, "refund" in one: the response with the rarer word ranks first.
        CannedResponse[] responses = [new("cr-x", "alpha-x", "order"), new("cr-y", "beta-y", "order"), new("cr-z", "gamma-z", "refund")];
        var ranked = SuggestionRanker.Rank("order refund", responses);
        Assert.Equal(["gamma-z", "alpha-x", "beta-y"], ranked.Select(s => s.ShortCode));
        Assert.True(ranked[0].Score > ranked[1].Score);
    }

    [Fact]
    public void AtMostThreeAreReturnedBestFirst()
    {
        CannedResponse[] many = [.. Enumerable.Range(1, 6).Select(i => new CannedResponse($"cr-{i}", $"invoice-{i}", string.Join(' ', Enumerable.Repeat("invoice", i)) + " filler text here"))];
        var ranked = SuggestionRanker.Rank("invoice", many);
        Assert.Equal(3, ranked.Count);
        Assert.Equal(["invoice-6", "invoice-5", "invoice-4"], ranked.Select(s => s.ShortCode));
        Assert.True(ranked[0].Score >= ranked[1].Score && ranked[1].Score >= ranked[2].Score);
    }

    [Fact]
    public void EqualScoresAreOrderedByShortCode()
    {
        CannedResponse[] twins = [new("cr-b", "zz-two", "Your parcel is on its way."), new("cr-a", "zz-one", "Your parcel is on its way.")];
        var ranked = SuggestionRanker.Rank("where is my parcel", twins);
        Assert.Equal(["zz-one", "zz-two"], ranked.Select(s => s.ShortCode));
        Assert.Equal(ranked[0].Score, ranked[1].Score);
    }

    [Fact]
    public void CaseAndPunctuationDoNotMatterAndTheScoreIsACosine()
    {
        var ranked = SuggestionRanker.Rank("REFUND!!! refund?", [Refund, Shipping]);
        var only = Assert.Single(ranked);
        Assert.Equal("refund", only.ShortCode);
        Assert.InRange(only.Score, 0.0001, 1.0);

        var identical = SuggestionRanker.Rank(Shipping.ShortCode + " " + Shipping.Content, [Shipping, Refund]);
        Assert.Equal(1.0, identical[0].Score);
    }

    [Fact]
    public void TheShortCodeCountsAsPartOfTheResponse()
    {
        var ranked = SuggestionRanker.Rank("greeting", All);
        Assert.Equal("greeting", Assert.Single(ranked).ShortCode);
    }

    [Fact]
    public void NoMessageOrNoResponsesGiveNoSuggestion()
    {
        Assert.Empty(SuggestionRanker.Rank(null, All));
        Assert.Empty(SuggestionRanker.Rank("   ", All));
        Assert.Empty(SuggestionRanker.Rank("password", []));
        Assert.Empty(SuggestionRanker.Rank("password", All, max: 0));
    }

    [Fact]
    public void TokensAreLowerCasedRunsOfLettersAndDigitsWithoutStopWordsOrSingleCharacters()
    {
        Assert.Equal(["größe", "42", "möchte", "passwort", "zurücksetzen", "2fa", "code"],
            SuggestionRanker.Tokenize("Größe 42: Ich möchte mein Passwort zurücksetzen (2FA-Code) x"));
    }
}
