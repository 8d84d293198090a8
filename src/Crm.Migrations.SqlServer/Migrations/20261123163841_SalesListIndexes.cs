using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SalesListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_Channel_OrderedAtUtc",
                table: "Sales_Orders",
                columns: new[] { "Channel", "OrderedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_Status_OrderedAtUtc",
                table: "Sales_Orders",
                columns: new[] { "Status", "OrderedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_Total",
                table: "Sales_Orders",
                column: "Total");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Opportunities_StageId_ClosedAtUtc",
                table: "Sales_Opportunities",
                columns: new[] { "StageId", "ClosedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Opportunities_StageId_ExpectedCloseDate_OwnerId_Amount_WeightedAmount",
                table: "Sales_Opportunities",
                columns: new[] { "StageId", "ExpectedCloseDate", "OwnerId", "Amount", "WeightedAmount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sales_Orders_Channel_OrderedAtUtc",
                table: "Sales_Orders");

            migrationBuilder.DropIndex(
                name: "IX_Sales_Orders_Status_OrderedAtUtc",
                table: "Sales_Orders");

            migrationBuilder.DropIndex(
                name: "IX_Sales_Orders_Total",
                table: "Sales_Orders");

            migrationBuilder.DropIndex(
                name: "IX_Sales_Opportunities_StageId_ClosedAtUtc",
                table: "Sales_Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Sales_Opportunities_StageId_ExpectedCloseDate_OwnerId_Amount_WeightedAmount",
                table: "Sales_Opportunities");
        }
    }
}
