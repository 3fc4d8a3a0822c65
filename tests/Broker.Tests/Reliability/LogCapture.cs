using System.Collections.Concurrent;
using System.Text;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// A Serilog sink that tests plug into a broker through configuration, the way an operator adds a sink
/// (<c>Serilog:Using</c> = this assembly, <c>Serilog:WriteTo:0:Name</c> = <c>TestCapture</c>,
/// <c>Serilog:WriteTo:0:Args:key</c> = a key of the test's own): it sees every event after the broker's enrichers,
/// exactly as the console sink does.
/// </summary>
public static class LogCapture
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<LogEvent>> Captured = new(StringComparer.Ordinal);

    /// <summary>The configuration keys that route a broker's log to the capture <paramref name="key"/>, at Debug for every source.</summary>
    public static string[] Settings(string key) =>
    [
        "Serilog:Using:0=CustomerChat.Broker.Tests",
        "Serilog:WriteTo:0:Name=TestCapture",
        $"Serilog:WriteTo:0:Args:key={key}",
        "Serilog:MinimumLevel:Default=Debug",
        "Serilog:MinimumLevel:Override:Microsoft=Debug",
        "Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Debug",
        "Serilog:MinimumLevel:Override:System=Debug",
    ];

    /// <summary>The events captured under <paramref name="key"/>.</summary>
    public static IReadOnlyCollection<LogEvent> Events(string key) => Captured.GetOrAdd(key, _ => new());

    /// <summary>Everything a sink could write of the events: rendered messages, templates, every property, exceptions.</summary>
    public static string AllText(string key)
    {
        var text = new StringBuilder();
        foreach (var e in Events(key))
        {
            text.Append(e.Level).Append(' ').Append(e.RenderMessage()).Append(" | ").Append(e.MessageTemplate.Text);
            foreach (var (name, value) in e.Properties)
            {
                text.Append(" | ").Append(name).Append('=').Append(value);
            }

            text.Append(e.Exception).AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The sink configuration method Serilog.Settings.Configuration finds by name.</summary>
    public static LoggerConfiguration TestCapture(this LoggerSinkConfiguration sinkConfiguration, string key) =>
        sinkConfiguration.Sink(new Sink(Captured.GetOrAdd(key, _ => new())));

    private sealed class Sink(ConcurrentQueue<LogEvent> queue) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => queue.Enqueue(logEvent);
    }
}
