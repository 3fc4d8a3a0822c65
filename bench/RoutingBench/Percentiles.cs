using System.Globalization;

namespace CustomerChat.RoutingBench;

/// <summary>Nearest-rank percentiles of a list of milliseconds.</summary>
internal static class Percentiles
{
    /// <summary>"p50 / p90 / p99 / max" in ms with one decimal.</summary>
    public static string Describe(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return "no samples";
        }

        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {At(sorted, 0.50):F1} ms, p90 {At(sorted, 0.90):F1} ms, p99 {At(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms (n = {sorted.Length})");
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of sorted values.</summary>
    public static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
