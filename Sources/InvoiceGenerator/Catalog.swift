/// Plausible Brazilian names, companies and products for generated invoices.
enum Catalog {
    /// How a product is sold, which decides whether its quantity may be fractional.
    enum Unit {
        case piece
        case kilogram
        case metre
        case litre
    }

    struct Product {
        let sku: String
        let description: String
        let unit: Unit
        /// Unit price range in cents.
        let price: ClosedRange<Int>
    }

    static let products: [Product] = [
        Product(sku: "ALM-ARZ-5", description: "Arroz Branco Tipo 1 5kg", unit: .piece, price: 1899...3299),
        Product(sku: "ALM-FEI-1", description: "Feijão Carioca 1kg", unit: .piece, price: 699...1099),
        Product(sku: "ALM-CAF-500", description: "Café Torrado e Moído 500g", unit: .piece, price: 1490...2990),
        Product(sku: "ALM-ACU-1", description: "Açúcar Cristal 1kg", unit: .piece, price: 389...649),
        Product(sku: "ALM-OLE-900", description: "Óleo de Soja 900ml", unit: .piece, price: 599...999),
        Product(sku: "HRT-BAN", description: "Banana Prata", unit: .kilogram, price: 499...899),
        Product(sku: "HRT-TOM", description: "Tomate Italiano", unit: .kilogram, price: 599...1199),
        Product(sku: "ACG-ALC", description: "Carne Bovina Alcatra", unit: .kilogram, price: 3990...5990),
        Product(sku: "FRI-MUC", description: "Queijo Muçarela Fatiado", unit: .kilogram, price: 3490...5490),
        Product(sku: "PAD-PAO", description: "Pão Francês", unit: .kilogram, price: 1290...1990),
        Product(sku: "LIM-DET-500", description: "Detergente Líquido Neutro 500ml", unit: .piece, price: 199...349),
        Product(sku: "CON-CIM-50", description: "Cimento CP II 50kg", unit: .piece, price: 3290...4590),
        Product(sku: "ELE-CAB-25", description: "Cabo Flexível 2,5mm² Azul", unit: .metre, price: 189...349),
        Product(sku: "FER-PAR-M8", description: "Parafuso Sextavado M8 x 40 \"Zincado\"", unit: .piece, price: 45...120),
        Product(sku: "TIN-ACR-18", description: "Tinta Acrílica Fosca Branco Neve 18L", unit: .piece, price: 18990...32990),
        Product(sku: "COM-GAS", description: "Gasolina Comum", unit: .litre, price: 579...689),
        Product(sku: "COM-DSL", description: "Óleo Diesel S10", unit: .litre, price: 589...659),
        Product(sku: "PAP-CAD-200", description: "Caderno Universitário 10 Matérias 200 fls", unit: .piece, price: 2490...4590),
        Product(sku: "PAP-CAN-AZ", description: "Caneta Esferográfica Azul", unit: .piece, price: 150...390),
        Product(sku: "INF-MOU-USB", description: "Mouse Óptico USB 1200dpi", unit: .piece, price: 2990...8990),
        Product(sku: "INF-NTB-15", description: "Notebook 15,6\" Core i5 16GB SSD 512GB", unit: .piece, price: 329_900...489_900),
        Product(sku: "TEX-TEC-ALG", description: "Tecido Algodão Cru 1,60m", unit: .metre, price: 1590...2990),
        Product(sku: "FAR-DIP-20", description: "Dipirona Monoidratada 500mg c/ 20 comprimidos", unit: .piece, price: 590...1290),
        Product(sku: "BEB-AGU-15", description: "Água Mineral sem Gás 1,5L", unit: .piece, price: 229...399),
        Product(sku: "SRV-FRT", description: "Frete — entrega expressa", unit: .piece, price: 1500...9900),
    ]

    /// Fractional quantities for goods sold by weight, length or volume; the generator
    /// rounds unit prices so that every product of these stays exact at the cent.
    static let fractionalQuantities: [Int] = [2_500, 5_000, 7_500, 12_000, 15_000, 23_500, 1_250, 34_000, 8_750, 456_700, 3_333, 12_345, 6_667, 1_005]

    static let firstNames = [
        "Maria", "José", "Ana", "João", "Francisca", "Antônio", "Adriana", "Carlos", "Juliana",
        "Paulo", "Márcia", "Lucas", "Fernanda", "Luís", "Patrícia", "Gabriel", "Aline", "Rafael",
        "Conceição", "Sebastião", "Letícia", "Thiago", "Beatriz", "Gonçalo",
    ]

    static let surnames = [
        "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
        "Gomes", "Ribeiro", "Carvalho", "Araújo", "Barbosa", "Conceição", "Guimarães", "Magalhães",
        "D'Ávila", "Nascimento", "Brandão",
    ]

    static let businesses = [
        "Supermercado", "Padaria", "Materiais de Construção", "Distribuidora", "Comércio de Alimentos",
        "Auto Posto", "Papelaria", "Informática", "Farmácia", "Tecidos", "Hortifrúti",
    ]

    static let companySuffixes = ["LTDA", "LTDA", "S.A.", "ME", "EIRELI", "EPP"]

    /// IBGE codes of the 27 federative units.
    static let stateCodes = [
        11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 35, 41, 42, 43, 50, 51, 52, 53,
    ]

    /// UTC offsets in minutes, weighted like Brazil's population (Brasília time first).
    static let offsets = [-180, -180, -180, -180, -180, -180, -180, -240, -300, 0]

    static func personName(_ random: inout SplitMix64) -> String {
        "\(random.pick(firstNames)) \(random.pick(surnames)) \(random.pick(surnames))"
    }

    static func companyName(_ random: inout SplitMix64) -> String {
        "\(random.pick(businesses)) \(random.pick(surnames)) \(random.pick(companySuffixes))"
    }
}
