using System.Globalization;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// The size of <see cref="RandomizedRoutingScenarios"/>: <c>ROUTING_RANDOM_STEPS</c> (default <see cref="DefaultSteps"/>,
/// the CI size, well under a minute per variant) and <c>ROUTING_RANDOM_SEED</c> (default: a new seed each run; the seed
/// is printed and named in every failure, so a failing run can be replayed). A long run by hand:
/// <c>ROUTING_RANDOM_STEPS=1000 ROUTING_RANDOM_SEED=42 dotnet test --filter RandomizedRouting</c>.
/// </summary>
public static class RandomRoutingSettings
{
    /// <summary>Steps per run when <c>ROUTING_RANDOM_STEPS</c> is not set.</summary>
    public const int DefaultSteps = 150;

    /// <summary>The number of random steps of one run.</summary>
    public static int Steps =>
        int.TryParse(Environment.GetEnvironmentVariable("ROUTING_RANDOM_STEPS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var steps) && steps > 0
            ? steps
            : DefaultSteps;

    /// <summary>The seed of the run.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("ROUTING_RANDOM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Environment.TickCount & int.MaxValue;
}
