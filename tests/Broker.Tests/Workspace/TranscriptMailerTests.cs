using System.Net;
using System.Net.Sockets;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Workspace.Transcripts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>Transcript email through a real SMTP conversation on loopback (<see cref="LoopbackSmtpServer"/>).</summary>
public sealed class TranscriptMailerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheBrokersMailerSendsTheTranscriptToTheRecipientWithSubjectAndLines()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:Smtp:Host=127.0.0.1", $"CustomerChat:Smtp:Port={smtp.Port}", "CustomerChat:Smtp:UseTls=false",
            "CustomerChat:Smtp:From=Example Support <support@example.com>");
        var mailer = broker.Services.GetRequiredService<ITranscriptMailer>();
        Assert.True(mailer.IsConfigured);

        var body = TranscriptFormatter.Format(
        [
            new(T0, "Ada", "Hallo, wo bleibt meine Bestellung? Größe 42.", false),
            new(T0.AddSeconds(5), "Alice", "Note: VIP customer", true),
            new(T0.AddSeconds(20), "Alice", ".. starts with dots, and ends the line", false),
        ], includePrivate: false);
        var result = await mailer.SendAsync("Ada Lovelace <ada@example.com>", "Ihr Gespräch mit Example", body, CancellationToken.None);
        Assert.Equal(TranscriptMailStatus.Sent, result.Status);

        var mail = await smtp.NextMessageAsync();
        Assert.Equal("support@example.com", mail.From);
        Assert.Equal(["ada@example.com"], mail.Recipients);

        var message = await MimeMessage.LoadAsync(new MemoryStream(mail.Data));
        Assert.Equal("Ihr Gespräch mit Example", message.Subject);
        Assert.Equal("ada@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Example Support", Assert.Single(message.From.Mailboxes).Name);
        var lines = message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(
        [
            "[2026-11-25 09:30:00 UTC] Ada: Hallo, wo bleibt meine Bestellung? Größe 42.",
            "[2026-11-25 09:30:20 UTC] Alice: .. starts with dots, and ends the line",
        ], lines);
    }

    [Fact]
    public async Task WithoutAnSmtpHostTheMailerSaysNotConfigured()
    {
        await using var broker = await BrokerHost.StartAsync();
        var mailer = broker.Services.GetRequiredService<ITranscriptMailer>();
        Assert.False(mailer.IsConfigured);
        var result = await mailer.SendAsync("ada@example.com", "Transcript", "text", CancellationToken.None);
        Assert.Equal(TranscriptMailStatus.NotConfigured, result.Status);
    }

    [Fact]
    public async Task AnInvalidRecipientIsRefusedWithoutContactingTheServer()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        var mailer = Mailer(smtp.Port);

        foreach (var bad in new[] { "not an address", "ada@", "@example.com", "ada@example.com\r\nBcc: eve@example.com", "" })
        {
            var refused = await mailer.SendAsync(bad, "Transcript", "text", CancellationToken.None);
            Assert.Equal(TranscriptMailStatus.InvalidRecipient, refused.Status);
        }

        // A valid message afterwards is the first and only connection the server saw.
        Assert.Equal(TranscriptMailStatus.Sent, (await mailer.SendAsync("ada@example.com", "Transcript", "text", CancellationToken.None)).Status);
        await smtp.NextMessageAsync();
        Assert.Equal(1, smtp.Connections);
    }

    [Fact]
    public async Task ARecipientTheServerRefusesIsAFailureWithTheReason()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.RefuseRecipients = true;
        var result = await Mailer(smtp.Port).SendAsync("ada@example.com", "Transcript", "text", CancellationToken.None);
        Assert.Equal(TranscriptMailStatus.Failed, result.Status);
        Assert.Contains("mailbox unavailable", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatIsNotThereIsAFailureNotAnException()
    {
        var result = await Mailer(ClosedPort()).SendAsync("ada@example.com", "Transcript", "text", CancellationToken.None);
        Assert.Equal(TranscriptMailStatus.Failed, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task AnSmtpHostWithoutASenderStopsTheStartUp()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BrokerHost.StartAsync("CustomerChat:Smtp:Host=127.0.0.1"));
        Assert.Contains("CustomerChat:Smtp:From", failure.Message, StringComparison.Ordinal);
    }

    private static SmtpTranscriptMailer Mailer(int port) => new(
        Microsoft.Extensions.Options.Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, UseTls = false, From = "support@example.com", Timeout = TimeSpan.FromSeconds(10) }),
        TimeProvider.System,
        NullLogger<SmtpTranscriptMailer>.Instance);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
