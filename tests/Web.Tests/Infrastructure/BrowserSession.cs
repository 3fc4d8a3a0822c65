using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>
/// One browser context with one page (a person at a screen), recording everything worth seeing
/// after a failure: console messages, uncaught errors, failed requests, dialogs, WebSocket frames.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string> _dialogs = new();

    private BrowserSession(string name, IBrowserContext context, IPage page)
    {
        Name = name;
        Context = context;
        Page = page;
    }

    /// <summary>Short name used in artifact file names ("customer", "alice", …).</summary>
    public string Name { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    private readonly ConcurrentBag<string> _ignored = [];

    /// <summary>Console errors, uncaught exceptions and CSP violations seen so far (less the ignored ones).</summary>
    public IReadOnlyCollection<string> Problems =>
        _problems.Where(p => !_ignored.Any(i => p.Contains(i, StringComparison.Ordinal))).ToArray();

    /// <summary>Stops counting console errors that contain <paramref name="text"/> as problems (test artefacts only).</summary>
    public void IgnoreProblem(string text) => _ignored.Add(text);

    /// <summary>Messages of every dialog (alert, confirm, prompt) the page opened; each was dismissed.</summary>
    public IReadOnlyCollection<string> Dialogs => _dialogs.ToArray();

    /// <summary>Opens a new context and page against <paramref name="baseUrl"/>.</summary>
    public static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseUrl, string name, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(name, context, page);
        session.Attach(page);
        return session;
    }

    /// <summary>Writes a screenshot and the recorded log to the results folder; returns the file paths.</summary>
    public async Task<IReadOnlyList<string>> SaveArtifactsAsync(string testName)
    {
        var stem = Path.Combine(RepoPaths.ResultsDirectory, $"{Sanitize(testName)}-{Sanitize(Name)}");
        var files = new List<string>();
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 10_000 });
            files.Add(stem + ".png");
        }
        catch (PlaywrightException e)
        {
            _log.Enqueue($"[test] screenshot failed: {e.Message}");
        }

        await File.WriteAllLinesAsync(stem + ".console.log", _log);
        files.Add(stem + ".console.log");
        return files;
    }

    /// <summary>The recorded log as text.</summary>
    public string LogText() => string.Join(Environment.NewLine, _log);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The browser is already gone.
        }
    }

    private void Attach(IPage page)
    {
        page.Console += (_, message) =>
        {
            var line = $"{Now()} [console.{message.Type}] {message.Text}";
            _log.Enqueue(line);
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Enqueue(line);
            }
        };
        page.PageError += (_, error) =>
        {
            var line = $"{Now()} [pageerror] {error}";
            _log.Enqueue(line);
            _problems.Enqueue(line);
        };
        page.RequestFailed += (_, request) => _log.Enqueue($"{Now()} [requestfailed] {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _log.Enqueue($"{Now()} [http {response.Status}] {response.Request.Method} {response.Url}");
            }
        };
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                _log.Enqueue($"{Now()} [navigated] {frame.Url}");
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Enqueue(dialog.Message);
            _log.Enqueue($"{Now()} [dialog.{dialog.Type}] {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.WebSocket += (_, socket) =>
        {
            _log.Enqueue($"{Now()} [ws open] {socket.Url}");
            socket.FrameSent += (_, frame) => _log.Enqueue($"{Now()} [ws >>] {Shorten(frame.Text)}");
            socket.FrameReceived += (_, frame) => _log.Enqueue($"{Now()} [ws <<] {Shorten(frame.Text)}");
            socket.Close += (_, _) => _log.Enqueue($"{Now()} [ws closed] {socket.Url}");
        };
    }

    private static string Now() => DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    private static string Shorten(string? text)
    {
        if (text is null)
        {
            return "(binary)";
        }

        text = text.Replace("\0", "^@", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        text = System.Text.RegularExpressions.Regex.Replace(text, "passcode:[^\\\\]*", "passcode:***");
        return text.Length > 600 ? text[..600] + "…" : text;
    }

    private static string Sanitize(string text) =>
        string.Concat(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
