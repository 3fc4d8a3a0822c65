namespace CustomerChat.WebhookBench;

/// <summary>Nearest-rank percentiles of a sorted sample.</summary>
internal static class Percentiles
{
    public static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Describe(double[] sorted) => sorted.Length == 0
        ? "n/a"
        : $"p50 {At(sorted, 0.50):0.0} / p99 {At(sorted, 0.99):0.0} / max {sorted[^1]:0.0} ms";
}
