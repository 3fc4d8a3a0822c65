using CustomerChat.Broker.Hosting;

// `dotnet run --project src/Broker -- hash-password <password>` prints an agent password hash.
if (args is ["hash-password", ..])
{
    return HashPasswordCommand.Run(args[1..], Console.In, Console.Out, Console.Error);
}

try
{
    var app = BrokerApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // A configuration mistake: say what to fix, without a stack trace.
    Console.Error.WriteLine("CustomerChat cannot start: " + string.Join(Environment.NewLine, ex.Failures));
    return 1;
}
