using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerChat.WebhookBench;

/// <summary>
/// The webhook receiver: Kestrel on 127.0.0.1, <c>POST /hook</c>. It does what docs/WEBHOOKS.md tells a receiver to do —
/// reads the raw body, recomputes <c>sha256=HMAC(secret, "timestamp.body")</c> and compares in constant time, checks
/// the timestamp, dedupes by the body's <c>id</c> — then answers 200 and hands the event to the current
/// <see cref="StepRecorder"/>.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private volatile StepRecorder? _recorder;

    private Receiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
        _key = Encoding.UTF8.GetBytes(secret);
    }

    public string Secret { get; }

    public string Url { get; private set; } = "";

    /// <summary>Where deliveries go from now on.</summary>
    public StepRecorder? Recorder
    {
        get => _recorder;
        set => _recorder = value;
    }

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        var receivedWall = DateTimeOffset.UtcNow;
        var length = (int)(http.Request.ContentLength ?? 0);
        using var buffer = new MemoryStream(Math.Max(length, 256));
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var timestamp = http.Request.Headers["X-CustomerChat-Timestamp"].ToString();
        var signature = http.Request.Headers["X-CustomerChat-Signature"].ToString();
        var recorder = _recorder;
        if (!Verify(timestamp, body, signature))
        {
            recorder?.BadSignature();
            return Results.Unauthorized();
        }

        using var json = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        var root = json.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var type = root.GetProperty("type").GetString()!;
        var createdAt = root.GetProperty("createdAt").GetDateTimeOffset();
        var text = type == "message.created" && root.GetProperty("data").TryGetProperty("message", out var message) ? message.GetString() : null;
        recorder?.Delivered(id, type, text, createdAt, receivedAt, receivedWall);
        return Results.Ok();
    }

    private bool Verify(string timestamp, ReadOnlySpan<byte> body, string signature)
    {
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = new byte[timestamp.Length + 1 + body.Length];
        var written = Encoding.ASCII.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, signed, mac);
        var expected = "sha256=" + Convert.ToHexStringLower(mac);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}
