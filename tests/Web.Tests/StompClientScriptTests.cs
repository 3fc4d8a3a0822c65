using System.Diagnostics;
using CustomerChat.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CustomerChat.Web.Tests;

/// <summary>
/// Runs the unit tests of the pages' modules (tests/Web.Tests/js/*.test.mjs) with Node's test
/// runner: the STOMP client's parser, escaping, receipts, refusals, back-off and x-since recovery
/// against a fake WebSocket, and the helpers of common.js. Uses the Node that ships inside the
/// Playwright package, else `node` on the PATH.
/// </summary>
public sealed class StompClientScriptTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task The_page_modules_pass_their_node_tests()
    {
        var bundled = Path.Combine(AppContext.BaseDirectory, ".playwright", "node", "linux-x64", "node");
        var node = File.Exists(bundled) ? bundled : "node";
        var scripts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Web.Tests", "js"), "*.test.mjs").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(scripts);
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--test");
        foreach (var script in scripts)
        {
            start.ArgumentList.Add(script);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{node} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(process.ExitCode == 0, $"node --test failed with exit code {process.ExitCode}; see the output.");
    }
}
