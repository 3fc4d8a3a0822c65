using System.Diagnostics.Metrics;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The automation instruments, on the broker's meter <c>CustomerChat.Broker</c> (so <c>dotnet-counters</c> and
/// <c>GET /metrics</c> show them beside the others). Tags take values from small fixed sets (step names, outcomes).
/// </summary>
public sealed class AutomationMetrics
{
    private readonly Histogram<double> _pipelineDuration;
    private readonly Counter<long> _stepOutcomes;
    private readonly Counter<long> _translations;

    /// <summary>Creates the instruments through the host's <see cref="IMeterFactory"/>.</summary>
    public AutomationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions("CustomerChat.Broker") { Version = "1.0" });
        _pipelineDuration = meter.CreateHistogram<double>("pipeline.duration", "s",
            "Time one chat message spent in the message pipeline (all steps).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5] });
        _stepOutcomes = meter.CreateCounter<long>("pipeline.steps", "{message}",
            "Messages a pipeline step changed or refused, by step and outcome (changed, refused).");
        _translations = meter.CreateCounter<long>("translation.requests", "{message}",
            "Messages the translation step looked at, by outcome (translated, cached, same_language, timeout, failed).");
    }

    /// <summary>Records one pipeline run that took <paramref name="seconds"/>.</summary>
    public void PipelineRan(double seconds) => _pipelineDuration.Record(seconds);

    /// <summary>Counts a step's change or refusal.</summary>
    public void StepDecided(string step, StepOutcome outcome)
    {
        if (_stepOutcomes.Enabled && outcome != StepOutcome.Pass)
        {
            _stepOutcomes.Add(1, new KeyValuePair<string, object?>("step", step),
                new KeyValuePair<string, object?>("outcome", outcome == StepOutcome.Changed ? "changed" : "refused"));
        }
    }

    /// <summary>Counts one translation attempt by <paramref name="outcome"/>.</summary>
    public void Translation(string outcome) => _translations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
