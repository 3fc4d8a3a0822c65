using CustomerChat.RoutingBench;

// Routing latency bench (docs/performance/routing.md): two brokers on one redis-server, agents at capacity, a long
// queue; each sample frees one slot and times the assignment that follows until it reaches the clients.
var options = BenchOptions.Parse(args);
await using var bench = new RoutingBenchRun(options);
try
{
    await bench.RunAsync();
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"routing bench failed: {e}");
    bench.PrintChildOutput();
    return 1;
}
