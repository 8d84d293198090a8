using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "end-to-end")
{
    return await Crm.Benchmarks.EndToEnd.CustomerValueEndToEnd.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "live-latency")
{
    return await Crm.Benchmarks.EndToEnd.LiveUpdateLatency.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "kb-search")
{
    return await Crm.Benchmarks.EndToEnd.KnowledgeSearchLatency.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
