namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>Where things are on disk: the repository root, the broker binary, the test results folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the folder holding CustomerChat.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Failure artifacts (screenshots, console logs, broker logs): tests/Web.Tests/TestResults/web.</summary>
    public static string ResultsDirectory
    {
        get
        {
            var path = Path.Combine(Root, "tests", "Web.Tests", "TestResults", "web");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>
    /// The broker assembly: next to the test assembly (copied there through the ProjectReference), else
    /// the broker's own build output.
    /// </summary>
    public static string BrokerDll()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "CustomerChat.Broker.dll") };
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            candidates.Add(Path.Combine(Root, "src", "Broker", "bin", configuration, "net10.0", "CustomerChat.Broker.dll"));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("CustomerChat.Broker.dll not found; looked in: " + string.Join(", ", candidates));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerChat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (CustomerChat.sln) was not found above " + AppContext.BaseDirectory);
    }
}
