using System.Globalization;
using ActorNet.Bench.Sharding;

// Usage: route ENTITIES MESSAGES | store FLOATS ROUNDS
static int Arg(string[] args, int i) => int.Parse(args[i], CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "route":
    {
        var (direct, sharded) = RoutingBench.Run(Arg(args, 1), Arg(args, 2));
        Console.WriteLine(FormattableString.Invariant(
            $"route {args[1]} entities, {args[2]} msgs: direct {direct / 1e6:F2} M msgs/s, via Akka shard region {sharded / 1e6:F2} M msgs/s, ratio {sharded / direct:F2}"));
        return 0;
    }
    case "store":
    {
        var (store, peer, slice) = await StoreBench.Run(Arg(args, 1), Arg(args, 2));
        Console.WriteLine(FormattableString.Invariant(
            $"store {args[1]} floats x {args[2]} push+pull rounds: sharded store (2 nodes, slice {slice} floats) {store * 4 / 1e9:F2} GB/s, one plain actor {peer * 4 / 1e9:F2} GB/s, ratio {store / peer:F2}"));
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: route ENTITIES MESSAGES | store FLOATS ROUNDS");
        return 2;
}
