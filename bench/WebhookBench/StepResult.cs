namespace CustomerChat.WebhookBench;

/// <summary>One step's figures (rates per second over the measured window; delays in ms).</summary>
internal sealed record StepResult(
    string Mode,
    int TargetRate,
    double SentPerSecond,
    double ReceiptedPerSecond,
    double DeliveredPerSecond,
    int Sent,
    int Receipted,
    int Delivered,
    int Lost,
    int Unreceipted,
    int Duplicates,
    int BadSignatures,
    double DrainSeconds,
    double[] ReceiptToDelivery,
    double[] CreatedToDelivery,
    double[] SendToReceipt,
    double BrokerCpuPercent,
    double RedisCpuPercent,
    double BrokerRssMiB)
{
    /// <summary>The mean <c>durationMs</c> of the newest logged attempts (the broker's own view of one attempt).</summary>
    public double AttemptMeanMs { get; init; } = double.NaN;

    /// <summary>The largest of those.</summary>
    public double AttemptMaxMs { get; init; } = double.NaN;

    /// <summary>Every message delivered, at the rate it was stored, and the backlog gone within 2 s of the load's end.</summary>
    public bool Sustained => Lost == 0 && Unreceipted == 0 && Duplicates == 0 && BadSignatures == 0 && DeliveredPerSecond >= 0.97 * ReceiptedPerSecond && DrainSeconds < 2;
}
