using System.Globalization;
using ActorNet.Bench.Actors;

// Usage: tell [pairs] [messages] [throughput]
var mode = args.Length > 0 ? args[0] : "tell";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
switch (mode)
{
    case "tell":
    {
        int pairs = Arg(1, 1), messages = Arg(2, 20_000_000), throughput = Arg(3, 30);
        TellThroughput.Run(pairs, Math.Min(messages, 1_000_000), throughput); // warm-up (JIT, tiering)
        var rates = Enumerable.Range(0, 3).Select(_ => TellThroughput.Run(pairs, messages, throughput)).ToArray();
        Console.WriteLine(FormattableString.Invariant($"tell pairs={pairs} messages={messages} throughput={throughput}: best {rates.Max():N0} msgs/s, runs [{string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}]"));
        break;
    }
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}
return 0;
