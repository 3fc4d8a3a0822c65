using System.Globalization;

namespace CustomerChat.Bench;

/// <summary>Nearest-rank percentiles of samples in milliseconds. Shared by the benches under bench/.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="quantile"/> (0..1) of sorted values; NaN when there are none.</summary>
    public static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>"p50, p90, p99, max (n)" of unsorted values, in ms with one decimal.</summary>
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

    /// <summary>"p50 / p99 / max ms" of already sorted values; "n/a" when there are none.</summary>
    public static string DescribeSorted(double[] sorted) => sorted.Length == 0
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {At(sorted, 0.50):0.0} / p99 {At(sorted, 0.99):0.0} / max {sorted[^1]:0.0} ms");
}
