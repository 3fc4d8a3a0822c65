using System.Reflection;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Tests.Architecture;

/// <summary>
/// The STOMP core (<c>src/Broker/Stomp</c>, namespace <c>CustomerChat.Broker.Stomp</c>) knows nothing of the chat
/// (docs/ARCHITECTURE.md): no signature of a core type names a type of a chat capability, and no source file of the
/// core imports or names a chat namespace.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The namespaces the core may depend on inside the broker.</summary>
    private static readonly string[] Allowed =
    [
        "CustomerChat.Broker.Stomp", "CustomerChat.Broker.Identity", "CustomerChat.Broker.Options", "CustomerChat.Broker.Observability",
    ];

    [Fact]
    public void NoSignatureOfTheStompCoreNamesAnotherBrokerNamespace()
    {
        var core = typeof(StompSession).Assembly.GetTypes().Where(t => t.Namespace == "CustomerChat.Broker.Stomp").ToList();
        Assert.NotEmpty(core);
        var offending = new List<string>();
        foreach (var type in core)
        {
            foreach (var used in ReferencedTypes(type))
            {
                if (used.Namespace is { } ns && ns.StartsWith("CustomerChat.Broker", StringComparison.Ordinal) && !Allowed.Contains(ns))
                {
                    offending.Add($"{type.FullName} -> {used.FullName}");
                }
            }
        }

        Assert.True(offending.Count == 0, "The STOMP core references: " + string.Join("; ", offending.Distinct()));
    }

    [Fact]
    public void NoSourceFileOfTheStompCoreImportsAChatNamespace()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Broker", "Stomp");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offending = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"CustomerChat\.Broker\.([A-Z][A-Za-z0-9]*)"))
            {
                if (!Allowed.Contains("CustomerChat.Broker." + match.Groups[1].Value))
                {
                    offending.Add($"{Path.GetFileName(file)}: {match.Value}");
                }
            }
        }

        Assert.True(offending.Count == 0, "Core files name: " + string.Join("; ", offending.Distinct()));
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            direct.Add(baseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
        }

        return direct.SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var inner in Expand(element))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CustomerChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CustomerChat.sln not found above the test's folder.");
    }
}
