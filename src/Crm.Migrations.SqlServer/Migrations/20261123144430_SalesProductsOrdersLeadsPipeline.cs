using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SalesProductsOrdersLeadsPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Sales_Leads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FirstName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    LastName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CompanyName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Source = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Message = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    AssignedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DisqualifyReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    SubmissionKey = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ConvertedCustomerId = table.Column<long>(type: "bigint", nullable: true),
                    ConvertedOpportunityId = table.Column<long>(type: "bigint", nullable: true),
                    ConvertedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_Leads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sales_Orders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OrderNumber = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ContentHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    Channel = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    OrderedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    OriginalOrderId = table.Column<long>(type: "bigint", nullable: true),
                    SalesRepId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Source = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Notes = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Total = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    IsPurchase = table.Column<bool>(type: "bit", nullable: false),
                    PurchaseAmount = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    PurchaseCost = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    LineCount = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_Orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sales_Orders_Sales_Orders_OriginalOrderId",
                        column: x => x.OriginalOrderId,
                        principalTable: "Sales_Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sales_PipelineStages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    Probability = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_PipelineStages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sales_Products",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Code = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    SearchName = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Description = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ListPrice = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    UnitCost = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    StockOnHand = table.Column<int>(type: "int", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_Products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sales_Opportunities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    StageId = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    WeightedAmount = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    ExpectedCloseDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Probability = table.Column<int>(type: "int", nullable: false),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    CloseReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LeadId = table.Column<long>(type: "bigint", nullable: true),
                    Notes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_Opportunities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sales_Opportunities_Sales_PipelineStages_StageId",
                        column: x => x.StageId,
                        principalTable: "Sales_PipelineStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sales_OrderLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OrderId = table.Column<long>(type: "bigint", nullable: false),
                    LineNumber = table.Column<int>(type: "int", nullable: false),
                    ProductId = table.Column<long>(type: "bigint", nullable: true),
                    ProductCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    ProductName = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Quantity = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    Discount = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    UnitCost = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: true),
                    Amount = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_OrderLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sales_OrderLines_Sales_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Sales_Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Sales_OrderLines_Sales_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Sales_Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sales_OpportunityProducts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OpportunityId = table.Column<long>(type: "bigint", nullable: false),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sales_OpportunityProducts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sales_OpportunityProducts_Sales_Opportunities_OpportunityId",
                        column: x => x.OpportunityId,
                        principalTable: "Sales_Opportunities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Sales_OpportunityProducts_Sales_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Sales_Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "Sales_PipelineStages",
                columns: new[] { "Id", "IsActive", "Kind", "Name", "Position", "Probability" },
                values: new object[,]
                {
                    { 1, true, "Open", "Prospecting", 1, 10 },
                    { 2, true, "Open", "Qualification", 2, 25 },
                    { 3, true, "Open", "Proposal", 3, 50 },
                    { 4, true, "Open", "Negotiation", 4, 75 },
                    { 5, true, "Won", "Won", 5, 100 },
                    { 6, true, "Lost", "Lost", 6, 0 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Leads_AssignedAtUtc",
                table: "Sales_Leads",
                column: "AssignedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Leads_Email",
                table: "Sales_Leads",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Leads_OwnerId_Status",
                table: "Sales_Leads",
                columns: new[] { "OwnerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Leads_Status_CreatedAtUtc",
                table: "Sales_Leads",
                columns: new[] { "Status", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Leads_SubmissionKey",
                table: "Sales_Leads",
                column: "SubmissionKey",
                unique: true,
                filter: "[SubmissionKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Opportunities_CustomerId",
                table: "Sales_Opportunities",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Opportunities_ExpectedCloseDate",
                table: "Sales_Opportunities",
                column: "ExpectedCloseDate");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Opportunities_OwnerId_StageId",
                table: "Sales_Opportunities",
                columns: new[] { "OwnerId", "StageId" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Opportunities_StageId_OwnerId",
                table: "Sales_Opportunities",
                columns: new[] { "StageId", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_OpportunityProducts_OpportunityId",
                table: "Sales_OpportunityProducts",
                column: "OpportunityId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_OpportunityProducts_ProductId",
                table: "Sales_OpportunityProducts",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_OrderLines_OrderId",
                table: "Sales_OrderLines",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_OrderLines_ProductId",
                table: "Sales_OrderLines",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_CustomerId_OrderedAtUtc",
                table: "Sales_Orders",
                columns: new[] { "CustomerId", "OrderedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_ExternalId",
                table: "Sales_Orders",
                column: "ExternalId",
                unique: true,
                filter: "[ExternalId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_OrderedAtUtc",
                table: "Sales_Orders",
                column: "OrderedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_OrderNumber",
                table: "Sales_Orders",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_OriginalOrderId",
                table: "Sales_Orders",
                column: "OriginalOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Orders_SalesRepId_OrderedAtUtc",
                table: "Sales_Orders",
                columns: new[] { "SalesRepId", "OrderedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_PipelineStages_Name",
                table: "Sales_PipelineStages",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Products_Category_SearchName",
                table: "Sales_Products",
                columns: new[] { "Category", "SearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Products_Code",
                table: "Sales_Products",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sales_Products_SearchName",
                table: "Sales_Products",
                column: "SearchName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Sales_Leads");

            migrationBuilder.DropTable(
                name: "Sales_OpportunityProducts");

            migrationBuilder.DropTable(
                name: "Sales_OrderLines");

            migrationBuilder.DropTable(
                name: "Sales_Opportunities");

            migrationBuilder.DropTable(
                name: "Sales_Orders");

            migrationBuilder.DropTable(
                name: "Sales_Products");

            migrationBuilder.DropTable(
                name: "Sales_PipelineStages");
        }
    }
}
