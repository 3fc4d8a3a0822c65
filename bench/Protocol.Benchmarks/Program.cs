using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using CustomerChat.Protocol.Benchmarks;

// dotnet run -c Release --project bench/Protocol.Benchmarks -- --filter '*'            (full runs)
// dotnet run -c Release --project bench/Protocol.Benchmarks -- --filter '*' --job short (a quick look)
var config = DefaultConfig.Instance
    .AddColumn(new ThroughputColumn())
    .AddColumn(StatisticColumn.P95)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Frames).Assembly).Run(args, config);
