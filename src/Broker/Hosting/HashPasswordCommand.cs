using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Hosting;

/// <summary>
/// <c>dotnet run --project src/Broker -- hash-password [password]</c>: prints the PasswordHasher (PBKDF2)
/// hash to put in <c>CustomerChat:Agents:N:PasswordHash</c>. Without an argument it reads one line from
/// standard input, so the password need not appear in the shell history.
/// </summary>
public static class HashPasswordCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var password = args.Length > 0 ? args[0] : input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("usage: hash-password <password>   (or pipe the password on standard input)");
            return 2;
        }

        output.WriteLine(AgentDirectory.HashPassword(password));
        return 0;
    }
}
