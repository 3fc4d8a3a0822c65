using CustomerChat.LoadGen;

// LoadGen: see LoadGenOptions.Usage. The coordinator (this process) spreads the clients over --procs
// workers (in this process when 1, else child processes of this same program), starts them together,
// reads the broker's /proc figures over the measured window, merges what the workers counted and prints
// a table and one JSON line.
if (args is [] or ["--help"] or ["-h"])
{
    Console.WriteLine(LoadGenOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

if (args is ["--summarize", var file, ..])
{
    return Summary.Print(file, args is [_, _, "--baseline", var baseline] ? baseline : "rabbitmq");
}

LoadGenOptions options;
try
{
    options = LoadGenOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine("LoadGen: " + ex.Message);
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

return options.IsWorker ? await WorkerProcess.RunAsync(options) : await Coordinator.RunAsync(options);
