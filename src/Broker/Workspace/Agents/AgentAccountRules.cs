using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerChat.Broker.Departments;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// Reading and checking the body of <c>POST /api/agents</c> and <c>PUT /api/agents/{username}</c>
/// (docs/protocol.md §15 "Fields"). Every method returns the sentence of a 400 problem, or null when fine.
/// </summary>
public static partial class AgentAccountRules
{
    /// <summary>The longest username.</summary>
    public const int MaxUsernameLength = 32;

    /// <summary>The longest display name.</summary>
    public const int MaxDisplayNameLength = 80;

    /// <summary>The shortest password.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The longest password.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>The largest capacity.</summary>
    public const int MaxCapacity = 100;

    /// <summary>The most departments per agent.</summary>
    public const int MaxDepartments = 20;

    /// <summary>Usernames no stored account may take: the bot's sender id and the literal path of <c>GET /api/agents/online</c>.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "bot", "online", "me" };

    /// <summary>Reads a JSON object into a patch; a field of the wrong JSON type is an error, unknown fields are ignored.</summary>
    public static string? Parse(JsonElement body, out AgentAccountPatch patch)
    {
        patch = new AgentAccountPatch();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "The body must be a JSON object.";
        }

        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name.ToLowerInvariant())
            {
                case "username":
                    if (!String(value, out var username)) return "username must be a string.";
                    patch.Username = username;
                    break;
                case "displayname":
                    if (!String(value, out var displayName)) return "displayName must be a string.";
                    patch.DisplayName = displayName;
                    break;
                case "password":
                    if (!String(value, out var password)) return "password must be a string.";
                    patch.Password = password;
                    break;
                case "capacity":
                    patch.HasCapacity = true;
                    if (value.ValueKind == JsonValueKind.Null) patch.Capacity = null;
                    else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var capacity)) patch.Capacity = capacity;
                    else return "capacity must be a whole number or null.";
                    break;
                case "departments":
                    if (value.ValueKind == JsonValueKind.Null) patch.Departments = [];
                    else if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String)) return "departments must be a list of department ids.";
                    else patch.Departments = [.. value.EnumerateArray().Select(d => d.GetString()!)];
                    break;
                case "locale":
                    patch.HasLocale = true;
                    if (value.ValueKind == JsonValueKind.Null) patch.Locale = null;
                    else if (String(value, out var locale)) patch.Locale = string.IsNullOrWhiteSpace(locale) ? null : locale.Trim();
                    else return "locale must be a language tag or null.";
                    break;
                case "admin":
                    if (!Bool(value, out var admin)) return "admin must be true or false.";
                    patch.Admin = admin;
                    break;
                case "disabled":
                    if (!Bool(value, out var disabled)) return "disabled must be true or false.";
                    patch.Disabled = disabled;
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks a patch; <paramref name="create"/> requires a username and a password. Normalizes it in place: the display
    /// name trimmed, departments in their configured spelling without duplicates.
    /// </summary>
    public static string? Validate(AgentAccountPatch patch, bool create, DepartmentDirectory? departments)
    {
        if (create)
        {
            if (string.IsNullOrEmpty(patch.Username))
            {
                return "username is required.";
            }

            if (patch.Username.Length > MaxUsernameLength || !UsernameShape().IsMatch(patch.Username))
            {
                return $"username must be 1 to {MaxUsernameLength} of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.";
            }

            if (Reserved.Contains(patch.Username) || patch.Username.StartsWith("c-", StringComparison.Ordinal))
            {
                return "That username is reserved (customer ids start with 'c-'; 'bot', 'online' and 'me' are taken).";
            }

            if (patch.Password is null)
            {
                return "password is required.";
            }
        }

        if (patch.DisplayName is not null)
        {
            patch.DisplayName = patch.DisplayName.Trim();
            if (patch.DisplayName.Length is 0 or > MaxDisplayNameLength)
            {
                return $"displayName must be 1 to {MaxDisplayNameLength} characters.";
            }
        }

        if (patch.Password is { Length: < MinPasswordLength or > MaxPasswordLength })
        {
            return $"password must be {MinPasswordLength} to {MaxPasswordLength} characters.";
        }

        if (patch.Capacity is < 0 or > MaxCapacity)
        {
            return $"capacity must be between 0 and {MaxCapacity}, or null for the default.";
        }

        if (patch.Locale is not null && !LocaleShape().IsMatch(patch.Locale))
        {
            return "locale must be a language tag such as en, de or fr-CA.";
        }

        if (patch.Departments is { } ids)
        {
            if (ids.Count > MaxDepartments)
            {
                return $"departments may list at most {MaxDepartments} ids.";
            }

            var known = new List<string>();
            foreach (var id in ids)
            {
                var department = departments?.Find(id);
                if (department is null)
                {
                    return $"'{id}' is not a configured department (GET /api/departments).";
                }

                if (!known.Contains(department.Id, StringComparer.Ordinal))
                {
                    known.Add(department.Id);
                }
            }

            patch.Departments = known;
        }

        return null;
    }

    private static bool String(JsonElement value, out string? text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }

    private static bool Bool(JsonElement value, out bool? flag)
    {
        flag = value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
        return flag is not null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernameShape();

    // BCP 47 in short, as for a guest's locale: a 2-3 letter language, then subtags of 2-8 letters or digits.
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocaleShape();
}
