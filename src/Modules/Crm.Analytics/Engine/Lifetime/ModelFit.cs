namespace Crm.Analytics.Engine.Lifetime;

/// <summary>Result of a maximum-likelihood fit.</summary>
/// <typeparam name="TParameters">The model's parameter record.</typeparam>
/// <param name="Parameters">Maximum-likelihood estimates.</param>
/// <param name="LogLikelihood">Total log-likelihood at <paramref name="Parameters"/> (sum over the customers, not the mean).</param>
/// <param name="Customers">Customers that entered the likelihood.</param>
/// <param name="Iterations">Optimizer iterations.</param>
/// <param name="Evaluations">Likelihood-and-gradient evaluations.</param>
/// <param name="Converged">True when the gradient tolerance was met; false means the estimates are the best point reached.</param>
/// <param name="Message">Why the optimizer stopped.</param>
internal sealed record ModelFit<TParameters>(
    TParameters Parameters,
    double LogLikelihood,
    int Customers,
    int Iterations,
    int Evaluations,
    bool Converged,
    string Message)
    where TParameters : struct;

/// <summary>A model that predicts a customer's purchases after the calibration period (BG/NBD, Pareto/NBD).</summary>
internal interface IPurchaseModel
{
    /// <summary>Expected purchases in (T, T + t] of a customer with history (x, t_x, T).</summary>
    double ConditionalExpectedPurchases(double t, int x, double tx, double T);

    /// <summary>Probability that a customer with history (x, t_x, T) is still active at T.</summary>
    double ProbabilityAlive(int x, double tx, double T);

    /// <summary>Expected purchases in (0, t] of a customer picked at random at the start of their life.</summary>
    double ExpectedPurchases(double t);
}
