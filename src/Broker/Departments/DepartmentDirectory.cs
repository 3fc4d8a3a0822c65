using System.Text.RegularExpressions;

namespace CustomerChat.Broker.Departments;

/// <summary>
/// The configured departments (<c>CustomerChat:Departments</c>), in configuration order, looked up by id
/// case-insensitively. Empty when none is configured (then every conversation is in the general queue).
/// </summary>
public sealed partial class DepartmentDirectory
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CustomerChat:Departments";

    private readonly Dictionary<string, DepartmentOptions> _byId;

    /// <summary>Creates the directory. Throws <see cref="InvalidOperationException"/> naming every bad entry (empty or malformed id, duplicate id).</summary>
    public DepartmentDirectory(IEnumerable<DepartmentOptions> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var errors = Validate(departments.ToList(), out var list);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid departments: " + string.Join(" ", errors));
        }

        All = list;
        _byId = list.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every department, in configuration order, with <see cref="DepartmentOptions.Name"/> filled in.</summary>
    public IReadOnlyList<DepartmentOptions> All { get; }

    /// <summary>The department with that id (any case), or null.</summary>
    public DepartmentOptions? Find(string? id) =>
        id is not null && _byId.TryGetValue(id.Trim(), out var department) ? department : null;

    /// <summary>Reads <c>CustomerChat:Departments</c> (a list of <c>{Id, Name}</c>).</summary>
    public static DepartmentDirectory FromConfiguration(IConfiguration configuration) =>
        new(configuration.GetSection(SectionName).Get<List<DepartmentOptions>>() ?? []);

    /// <summary>The problems of a list of departments, as sentences naming the configuration key; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<DepartmentOptions> departments, out List<DepartmentOptions> normalized)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var errors = new List<string>();
        normalized = [];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < departments.Count; i++)
        {
            var id = departments[i].Id?.Trim() ?? string.Empty;
            if (!IdPattern().IsMatch(id))
            {
                errors.Add($"{SectionName}:{i}:Id '{id}' must be 1 to 64 of A-Za-z0-9._-.");
                continue;
            }

            if (!seen.Add(id))
            {
                errors.Add($"{SectionName}:{i}:Id '{id}' is listed twice.");
                continue;
            }

            var name = string.IsNullOrWhiteSpace(departments[i].Name) ? id : departments[i].Name!.Trim();
            normalized.Add(new DepartmentOptions { Id = id, Name = name });
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
