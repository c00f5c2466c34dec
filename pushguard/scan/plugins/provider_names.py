"""Services that issue API keys or tokens, by the names code calls them (``named_key``).

From the public-apis directory's entries whose auth is apiKey or OAuth, plus developer services
known to issue keys (AI, payments, crypto, messaging, CRM, monitoring, CI, hosting, maps, ...),
and the SaaS tools other open-source scanners look for by name (CRMs, form builders,
schedulers, test runners, BI: Moonclerk, Mavenlink, Metabase, ...).
Left out: dictionary words and common identifiers (``monday``, ``front``, ``segment``), names
under 4 characters, and platforms with detectors of their own (GitHub, Google, AWS). Slack
is here for its app credentials, which have no format (``named_key._OTHER_KINDS``).
"""

PROVIDERS: frozenset[str] = frozenset(
    """
    123formbuilder 15five 17track 1forge 1inch 1password 2c2p 2captcha 2checkout 360dialog
    3dcart 46elks 5paisa 7digital 7shifts abbyy abstractapi abtasty abusech abuseipdb abyssale
    accuweather acquia acrcloud activecampaign activepieces acuityscheduling acumatica
    acumbamail acunetix adafruitio adalo adapty adobeio adobesign adoptapet adyen adzuna aemet
    aerisweather aerodatabox aeroworkflow afas affinda africastalking afterpay aftership
    agentops agilecrm agilitycms agoda agoraio agorapulse ahrefs ai21 ai21labs aimlapi airbrake
    airbridge airbyte aircall airdna airly airnow airtable airvisual airwallex aisensy aishub
    aiven akahu akamai akeyless akismet albacross alchemer alconost alegra alephalpha aletheia
    algolia alibaba alibabacloud alienvault aliexpress alipay aliyun allmysms allsportsapi
    alphavantage altiria amadeus ambee amberflo ambientweather amdoren amocrm amplience
    amplitude angelone anidb anilist ankorstore ankr anomali anonaddy anrok anticaptcha
    anymailfinder anypoint anyscale apacta apaleo api2cart api2convert api2pdf apideck apiflash
    apifonica
    apifootball apify apigee apilayer apimatic apimedic apimetrics apininjas apisports
    apitemplate apivoid apixu apolloio appcues appdynamics appfollow apphud applitools applovin
    appmetrica appointedd appsflyer appsignal appsmith appsynergy apptivo appveyor appwrite
    apryse aqicn aquasec aramex arbiscan arcgis archbee arcticwolf argocd arize arkesel arkham
    arkhamintelligence arkoselabs artbreeder artifactory asaas asana ascendex ashbyhq asknicely
    aspose assemblyai astradb astrologyapi astronomyapi astropay atatus atera athenahealth
    atlassian attio attom attomdata au10tix audd audiomack audioshake audiostack auspost auth0
    authorizenet authress authy autodesk autoklose avalara avaza aviationstack avito avoma
    awario aweber axonaut aylien ayrshare azuredevops azureopenai back4app backblaze backendless
    backtraceio baichuan baidu balena balenacloud balldontlie bamboohr bambora bandcamp
    bandsintown bannerbear banxa baremetrics barion basecamp baselime basescan baseten basiq
    basistheory battlenet bazaarvoice beds24 beebole beehiiv beemafrica behance belvo
    benchmarkemail benzinga berbix besnappy bestbuy bestcaptchasolver besttime betfair betsapi
    betterstack betteruptime betterworks bexio beyondtrust bharatpe biconomy bigcartel
    bigcommerce bigdatacloud bigoven bigpanda bilibili billbee billcom billdesk billomat billplz
    binance binaryedge bingmaps bingx bintray bitbank bitbar bitbns bitbucket bitcoinaverage
    bitdefender biteship bitfinex bitflyer bitget bitgo bithumb bitkub bitly bitmart bitmex
    bitmovin bitpanda bitpay bitquery bitrise bitrix24 bitrue bitsight bitso bitstamp bittrex
    bitvavo bitwarden blablacar blackfire blandai blazemeter blitapp blockchair blockcypher
    blockdaemon blockfrost blocknative blockscout blofin bloomreach bluedart bluesky bluesnap
    blynk bokun boldsign bombbomb bookingcom boomi boostnote borgbase borzo botpress boxtal
    bpost brainshop braintree braintrust branchio brandfetch brandwatch bravenewcoin bravesearch
    brawlstars breachdirectory breathehr breezometer breezyhr brevo brex brightcove brightdata
    brightlocal brightpearl bringg browseai browserbase browserless browserstack browshot bruzu
    bscscan btcmarkets btcpayserver btcturk budbee buddyns budibase bugcrowd bugfender bugherd
    bugsnag bugzilla builderio buildjet buildkite bukalapak bulkgate bulksms bungie bunnycdn bunq
    burstsms buttercms buzzsprout bybit byteplus bytescale caflou cainiao calcom calendarific
    calendly callmebot callrail calorieninja calorieninjas campaignmonitor campayn canadapost
    cannyio canva capmonster capsolver capsulecrm captaindata captchaai carbonblack carbone
    carboninterface careerjet cartesia carto cashfree caspio castai castleio catchpoint ccavenue
    cdn77 celigo cellcast cellulant celoscan censys centralstationcrm cerebras cerebrium
    ceridian cerner cexio chainalysis chainstack changelly channeladvisor chapa chargebee
    chargify chartbeat chartio chartmogul chatbase chatfuel chatra chatwoot chatwork checkiday
    checkly checkmarx checkmk checkoutcom checkr checkvist checkwx cheetaho chronopost
    chronosphere cin7 cinetpay circleci cirium cirrusci citymapper civitai civo clarifai
    clashofclans clashroyale cleantalk clearbit clearml cleverbot clevercloud cleverreach
    clevertap clickatell clickfunnels clickhelp clickmeter clicksend clicksign clickup cliengo
    clientary climacell climatiq clinchpad clipdrop clippingmagic clockify clockodo closecrm
    cloudamqp cloudant cloudbeds cloudbet cloudconvert cloudelements cloudflare cloudimage
    cloudinary cloudkarafka cloudmersive cloudns cloudplan cloudsmith cloudtalk cloudways
    cloverly clustdoc cmtelecom cockroachlabs cocoapods codacy codaio codat codeberg codeclimate
    codecov codeforces codefresh codeium codemagic codequiry coderabbit codesandbox codeship
    cognigy cognism cognitoforms coinapi coinbase coincheck coindcx coinex coingate coingecko
    coinglass coinigy coinjar coinlayer coinlib coinmarketcap coinmate coinone coinpaprika
    coinpayments coinranking coinremitter coinspot coinswitch colissimo colossyan comeet
    cometchat cometml comgate commercejs commercelayer commercetools companieshouse companyhub
    complycube composio computop conekta confidentai configcat confluentcloud congressgov
    connectwise constantcontact constellix constructorio contabo contactout contentful
    context7 conversiontools convertapi convertio convertkit cooperhewitt copyai copyleaks
    coralogix
    coreweave
    correios cosmicjs couchbase countly countrylayer coupang covalenthq coveo craftmypdf
    craftyclicks craiyon cratesio crawlbase crawlera crazyegg creatomate creditsafe cribl
    cricapi criminalip crispchat criteo cronhub cronitor cronofy cronoscan crowdin crowdsec
    crowdsignal crowdstrike crunchbase crunchydata crxcavator cryptocom cryptocompare cryptomkt
    cryptomus culqi cultureamp currencyapi currencybeacon currencycloud currencyconverterapi
    currencyfreaks currencylayer currencyscoop currentsapi curseforge customerguru customerio
    customgpt cutoutpro cuttly cvent cyberark cybersource cylance d4sign d7network d7networks
    dacast dagpi dagshub dagster dailyco dailymotion danbooru daraja dareboost darksky darktrace
    dashamail dashlane dashscope databento databricks datacrunch datadog datadome dataforseo
    datagolf datagov datalastic datanyze datastax datev datocms datto dayforce daytona
    deadmanssnitch
    dealfront deathbycaptcha debank decentro decodo deel deepai deepchecks deepgram deepinfra
    deepl deepnote deepseek deepsource deezer defillama dehashed delhivery delinea deliveroo
    deliverr demio dependencytrack deployhq depositphotos deribit descope desec deskpro
    detectify detectlanguage devcycle dexcom
    dexscreener dextools dfuse dhanhq dhgate diffbot dify diggernaut digifinex digikey digio
    digistore24 digitalocean digitransit dingtalk directus discogs disqus dixa dlocal dnscheck
    dnsimple
    dnsmadeeasy docebo dockerhub docmosis docparser docraptor docsend docspring docsumo
    documenso document360 documo docuseal docusign dodopayments dojah doku dolbyio dolthub
    domcop domo doofinder doordash dotdigital douban doubao douyin dovico dragonpay drata
    drchrono dreamhost dreamstudio dribbble dronahq droneci droneio dropbox dropboxsign dtrack
    dropcontact drugbank dubco duckdns duffel duitku duneanalytics duosecurity duply durianpay
    dwolla dynadot dynalist dynamsoft dynapictures dynatrace dyndns dynu dynv6 dyspatch dyte e2b
    eagleeyenetworks easebuzz easybill easydns easyinsight easyparcel easypost easyship ebanx
    ebay ebird ebury ecobee ecomail ecomexpress ecommpay ecostruxureit ecowitt ecwid edamam
    edenai edgio egnyte eightxeight ekata elasticemail elasticpath elavon electricitymaps
    elephantsql elevenlabs elmahio eloqua elsevier emailhippo emaillabs emaillistverify
    emailoctopus emailrep emarsys embedly emburse enablebanking enablex endorlabs engagebay
    engagespot enom enphase entsoe envato eodhd eodhistoricaldata epayco epicgames epidemicsound
    eppo epsagon equifax equinix esendex esputnik esri etherscan ethplorer etrade etsy europeana
    eventbrite everflow everhour evernote eversign evervault eway exaai exabeam exactonline
    exchangerateapi exchangeratesapi exmo exoscale exotel expedia expensify experian exponea
    exportsdk extractorapi faceit faceplusplus facepp factorialhr falai fanarttv fantasydata
    fast2sms
    fastbill fastforex fastly fastmail fastspring fatsecret fatzebra faunadb favqs favro fawry
    fcsapi featherless featherlessai fedapay fedex feedier feedly feishu fetchify fetchrss
    fibery figma figshare fiken filestack finage financialmodelingprep fincra findl findymail
    fingerprintjs finicity finix finnhub fintoc fireblocks firebolt firecrawl firefliesai
    firehydrant fireworksai firstpromoter fiserv fishaudio fitbit fivetran fixerio flagsmith
    flatio fleetbase fleetio flespi flexport flickr flightapi flightaware flightlabs flightradar24
    flightstats flinks flipkart flipsidecrypto flotiq flowdash flowflu flowlu fluidstack
    flutterwave flyio fmfw fmpcloud fofa fonoa foreca formbricks formbucket formcarry formcraft
    forgejo formkeep formsite formspree formstack forter fortinet fortnox fortrabbit fourkites foxit
    foxycart frameio fraudguard fraudlabspro freecurrencyapi freepik freesound freightos
    freshbooks freshchat freshdesk freshmail freshping freshsales freshservice freshworks
    friendli friendliai friendlycaptcha frontapp frontegg ftmscan fullcontact fullhunt fullstory
    fundingsignals fusionauth fxmarket fxmarketapi fyers gandi ganttpro garmin gateio gcore
    geckoboard
    geekflare geetest gemfury genesiscloud gengo geoapify geocodeearth geocodefarm geocodexyz
    geocodify geocodio geodatasource geoipify geotab gerencianet getaddressio getemails
    getgeoapi getgist
    getimgai
    getpocket
    getresponse getsandbox getstreamio gettyimages getyourguide getzep gfycat ghostinspector
    giantbomb giphy gitbook gitguardian gitpod gitter gladia glassnode glitchtip glitterly glovo
    gmarket gnews gnosisscan gocanvas gocardless godaddy gohighlevel gojek goldapi goldsky goodday
    goodhire goodreads gooseai gooten gorgias gotify gotomeeting govee govinfo gptzero grafana
    graphcms graphhopper graylog greenhouseio greptile greynoise groovehq groq growthbook
    grubhub gtmetrix guardianapi guesty gumlet gumroad gupshup gyazo hackerearth hackerone halopsa
    happo
    happyfox happyscribe haptik harnessio harperdb harvestapp hashicorp hasoffers hasura
    haveibeenpwned hcaptcha hcloud headspin healthchecksio healthie heapanalytics hedra heidelpay
    helcim helicone helius hellosign helpcrunch helpjuice helpscout helpshift hepsiburada
    hereapi heremaps heroku hetrixtools hetzner hexpm heyflow heygen heyreach hibob hibp highlightio
    hightouch hipay hireright hitbtc hitpay hiveage hivemoderation hivemq holded holidayapi
    holvi honeybadger honeycomb honeycombio hookdeck hootsuite hostaway hostinger hotelbeds
    hotjar housecanary html2pdf htmlcsstoimage huaweicloud hubdoc hubspot hubstaff hubtel
    hudsonrock
    huggingface humanloop humeai humio hunterio hunyuan huobi hybiscus hybridanalysis hygraph
    hyperbrowser
    hyperdx hyperliquid hyperpay hyperping hyperscience hypertrack hypertune hyperverge hypixel
    iamport ibmcloud ibmwatson icims iconfinder icons8 icontact icytools idealista
    idealpostcodes idenfy ideogram ideogramai idfy idology iexapis iexcloud iflytek iframely
    ifttt igdb ilert ilovepdf imagekit imagga imdb imgbb imgix imgur immobilienscout24 imperva
    improvmx incapsula incidentio independentreserve indodax infatica inferless infermedica
    infisical influxdata infobip infura infusionsoft ingenico inngest inoreader insightly
    instabase instabot instabox instabug instacart instagram instamojo instana instantlyai
    instapage intasend integromat intelx interakt interseller interswitch intigriti intra42
    intrinio intruderio invicti invision invoiceninja invoiceocean involveme inworldai inwx
    ionos ip2location ip2proxy ip2whois ipapi ipay88 ipaymu ipgeolocation iphub ipify ipinfo
    ipinfodb ipqs ipquality ipqualityscore ipregistry iproyal ipstack iqair ironsource isbndb
    itchio itexmo iucnredlist iugu iyzico izettle jamendo jamf jarvislabs jasperai jawg jazzhr
    jdcloud jenkins jfrog jina jinaai jira jitbit jitsu jivosite jobvite joesandbox jooble
    jotform json2video judge0 judgeme jumia jumio jumpcloud jumpseller jupiterone juro juspay
    justcall jwplayer kaggle kagi kaiber kajabi kakao kakaopay kaleyra kaltura kameleoon
    kanbanize kanbantool kandji kapwing karmacrm karrio kaseya kashflow kashoo kaspersky kaspr
    katalon kayako keap keenio keeptruckin kentico kentik keycdn keywordsai kickbox kinde kinsta
    kissmetrics kiteconnect kitsu kiwicom kkbox klarna klaviyo klevu klingai klipfolio klippa
    knapsackpro knowbe4 kobiton kobotoolbox kochava kommo kommunicate komoju kontent kontentai
    korapay korbit kount koyeb kroger kucoin kushki kustomer kylas labelbox lakera lalamove
    lambdalabs lambdatest lamini lancedb landbot landingai langchain langfuse langsmith
    languagelayer
    laposte larksuite lastfm launchdarkly laybuy lazada lbank leadfeeder leadiq leadpages
    leadsquared leakix leankit leanplum leapsome learnworlds lemlist lemonsqueezy lemonway
    lendflow leonardoai leptonai lessannoyingcrm letsenhance letta lexigram lexoffice libsyn
    lichess lifx lightrun lightspeedhq lightstep limesurvey lineascan linenotify linguarobot
    lingvanex linkedin linkpreview linnworks linode listennotes listrak liveagent liveblocks
    livechatinc livekit livepeer liveperson livestorm llamacloud llamaindex llamaparse lmnt
    loaderio loadmill localazy locationiq locize lodgify logdna loggly loginradius logrhythm
    logrocket logtail logzio lokalise loqate loyverse lucidchart lumaai lumigo luminati
    lunarcrush lunary lunchmoney luno lusha lyft mabl madkudu magento magicbell magiceden
    mailboxlayer mailboxvalidator mailchannels mailchimp mailcoach mailerlite maileroo
    mailersend mailgun mailinator mailjet mailmodo mailosaur mailpace mailrelay mailsac
    mailshake mailslurp mailtrap mailup mailwizz maldatabase malshare maltiverse malwarebazaar
    malwarebytes manageengine mandiant mangadex mangopay manychat mapbox mapillary mapmyindia
    mappls mapquest maptiler mapycz marinetraffic marketaux marketo marketstack marqeta marqo
    mashery mathpix matomo mattermost matterport mavenlink maxmind maytapi mbta meaningcloud
    medallia mediafire mediastack medplum meesho meilisearch meistertask melhorenvio melissadata
    mem0 memberful memberstack mendeley meraki mercadobitcoin mercadolibre mercadopago mercari
    mercuryo mergify mesibo messagebird messari metaapi metabase metacert metadefender
    metalpriceapi
    metalsapi meteoblue meteofrance meteomatics meteosource meteostat metoffice metrilo
    metriport mexc mezmo microblink microlink middesk midtrans migadu millionverifier milvus
    mimecast
    mindbody mindee mindmeister mintlify miro missiveapp mistralai mixcloud mixedbread mixmax
    mixpanel mnotify mobikwik mobizon mobygames mocean mockaroo modallabs modernmt
    moderntreasury modulr moengage moesif mojoauth molpay mondialrelay moneris moneybird
    monkeylearn monnify monsterapi monzo moonclerk moonpay moonscan moonshot moonshotai moosend
    moovit moralis mosaicml motherduck mouseflow moyasar mozenda mparticle mpesa mrticktock
    msegat msg91 mubert mulesoft multisafepay murf musixmatch myanimelist myfatoorah
    myfitnesspal myfreshworks myintervals myntra mysportsfeeds mywot n2yo namecheap namesilo
    nanoleaf nanonets
    nansen
    napster narakeet nasa nasdaqdatalink nationalrail naver navitia ncbi nearmap nebius
    neptuneai nessus netatmo netbird netcorecloud netcup neteller netgsm nethunt netlas netlify
    netnut netskope netsparker netsuite neutrinoapi neverbounce newegg newrelic newsapi
    newscatcher newsdataio nexi nexmo nextbillion nextcloud nexusmods nftport nftscan nftstorage
    ngrok nicepay nicereply nightcafe nightfallai nightscout nimbuspost ninjaone ninjarmm
    ninjavan nium nlpcloud noaa nocodb nomic nomics nopecha nophishy nordigen northflank
    notdiamond nounproject novadax novalnet novelai novita novitaai novu nownodes nowpayments
    nozbe npmjs nrel nsone ntfy nubela nuclia nuget nuki nulab numlookupapi numverify
    nutritionix nuvei nuvemshop nxcloud nylas nytimes nzpost oanda objectcut ocrspace octoai
    octoparse octopart octoprint octopusdeploy octopusenergy octopush oddsapi odoo officevibe
    ohdear oikolab oilpriceapi okex okta olamaps olark ollama omdbapi omise omnisend omniva
    onedesk onedrive onelogin onepagecrm onesignal onetrust onfido onfleet onlyoffice onramper
    ontraport onyphe oopspam opayo openaq opencage opencagedata opencart opencellid
    openchargemap opencorporates opendota openexchangerates openfda openfec openfigi opengraphr
    openlayer openmeteo openobserve openpay openphish openpipe openrouter openrouteservice
    opensea opensrs
    opensubtitles opentok openuv openvpn openvsx openweather openweathermap opik opsgenie opswat
    optimizely
    optimoroute orcid ordnancesurvey ordoro originalityai ortto otterai oura ouraring outbrain
    outreachio outscraper outseta overloop ovhcloud owlbot oxapay oxforddictionaries oxylabs
    oysterhr ozow pabbly packagecloud packagist packeta packlink pagarme pagecdn pagerduty
    pagseguro paloaltonetworks pandadoc pandascore pandorabots pangea papago papayaglobal
    paperform paperspace paradex paralleldots parcelforce pardot paribu parsehub parseur
    particleio partnerstack partykit passbolt passivetotal pastebin patreon patronus patronusai
    paychex
    paycom paycor paydirt paydunya payfast payfort payhawk payhip payjp paylocity paymaya
    paymentwall paymo paymob paymongo paynl payone payoneer paypal paypay payplug payrix paysafe
    paysera paystack paytabs paytm paytr paytrace payu payulatam payzen pcloud pdfco pdfcrowd
    pdffleet pdfgeneratorapi pdflayer pdfmonkey pdfrest pdfshift pdftron peachpayments pendo
    pennylane peopledatalabs pepipost percyio perfios perimeterx perplexityai personio pesapal
    petfinder pexels pganalyze phantombuster phemex phisherman phishtank phonepe photoroom
    phraseapp picovoice picsart pictory pinelabs pingdom pingidentity pinpointhq
    pinterest pionex pipedream pipedrive pipefy pirateweather pirsch pitchbook pitneybowes
    pivotaltracker piwik pixabay pixeldrain planetlabs planetscale planview planyo platformsh
    playfab
    playht pleo plex plisio plivo podbean podcastindex podchaser podio poeditor pokemontcg
    polldaddy pollsapi poloniex polygonio polygonscan porkbun portainer portkey portswigger
    poshmark
    positionstack postageapp postbacks postcoder posthog postmarkapp postmates postnl postnord
    powerreviews
    powrbot
    predibase predicthq prembly prerenderio prestashop prexview printful printify prismic
    probely procore prodpad productboard producthunt profitwell project44 projectdiscovery
    prokerala promptfoo promptlayer proofhub proofpoint propelauth proposify propublica
    prospectcrm
    prospeo protocolsio proxycheckio proxycrawl proxycurl proxykingdom proxyscrape przelewy24
    pspdfkit pubg publer pubmed pubnub pulsedive pulumi purestake purolator purpleair pushbullet
    pushengage pusherapp pushsafer pushwoosh pypi qase qawolf qdrant qianfan qiniu qonto
    qonversion qovery qstash quaderno qualaroo qualtrics qualys quandl quayio qubole questionpro
    questrade quickbooks quickemailverification quicknode quillbot quiverquant quizapi qweather
    qwen qwilr rackspace railwayapp raindropio rainforestqa rajaongkir rakuten randommer rapid7
    rapidapi rapidmail rappi rapyd rawg raygun rayobyte razorpay reachmail readmeio readwise
    reallysimplesystems reamaze rebrandly recallai rechargepayments recordedfuture recraft
    recruitee recurly redash redcanary reddit redhat redislabs redmine redocly redsys refinitiv
    regru
    regulationsgov relevanceai remita removebg rentcast rentman repairshopr replit replyio
    requestfinance requesty rescuetime resellerclub resembleai respondio restpack retailcrm
    retellai
    revai revampcrm revenuecat reviewsio revolut rewardful rijksmuseum ringcentral riotgames
    riskified riskiq ritekit roadgoat roblox roboflow rocketchat rocketreach rockset rollbar
    rome2rio rookout rootly rossum route4me routee routific rownd royalmail rubygems rucaptcha
    rudderstack runpod runrunit runwayml rutter rytr safaricom saferpay sagepay sailthru
    sakuracloud saladcloud saleor salesblink salescookie salesflare salesforce salesloft
    salesmate saltedge sambanova santiment saplingai satismeter satispay saucelabs savvycal
    sawolabs scaleai scaleserp scaleway scalingo scalr scamalytics scandit scanii scopus
    scoutapm scrapegraphai scrapeless scrapeninja scrapeops scrapeowl scraperapi scraperbox
    scrapestack scrapfly scrapingant scrapingbee scrapingdog scrapinghub screenshotapi
    screenshotlayer screenshotmachine screenshotone scrutinizerci seamlessai searates searchapi
    searchspring seatable seatgeek secureframe securityscorecard securitytrails securonix
    segmind selectel selectpdf sellfy sellsy semanticscholar semantria semaphoreci sematext
    semgrep semrush senangpay sendbird sendchamp sendcloud sendfox sendgrid sendinblue sendlayer
    sendle sendowl sendpulse sendy sensetime sentinelhub sentinelone seon serpapi serper
    serphouse serply
    serpstack serpstat serpwow servicem8 servicenow servicetitan setlistfm sevdesk sezzle
    sfexpress shareasale sharpspring sheetsu sheety sherpadesk shift4shop shikimori shipbob
    shipcloud shipday shipengine shiphero shipmondo shipmonk shippit shippo shiprocket
    shipstation shipwell shlink shodan shopee shopify shopware shortio shortpixel shotstack
    shuftipro shutterstock shyft siftscience sightengine signable signalfx signaliz signalwire
    signaturit signeasy signicat signifyd signnow signoz signupgenius signwell signzy sigopt
    siliconflow simfin similarweb simkl simpleanalytics simplecast simplesat simplybook
    simplynoted simvoly sinch sirv sisense site24x7 siteleaf skebby sketchfab skrapp skrill
    skuvault skybiometry skyscanner slack smallpdf smartcar smartlead smartling smartlook smartproxy
    smartrecruiters smartsheet smartsupp smartsurvey smartthings smartystreets smileidentity
    smithery sms77 smsaero smsglobal smtp2go snapchat snapdeal snipcart snovio snowtrace
    snusbase snyk
    socialbee socketlabs socrata socure solaredge solarwinds solcast solscan sonarcloud
    sonarqube sonatype songkick soniox sonix sophos soracom sortly soundcloud sourcegraph
    sourcehut sovos spacelift spacetraders spamhaus sparkpost spectralops speechmatics
    speechtextai spendesk splitio splunk spoonacular sportmonks sportradar sportsdataio
    sportsmonk spotify spreaker sproutsocial sproutvideo spycloud spyfu spyse squadcast
    squarespace squareup squidex sslmate stabilityai stackexchange stadiamaps statsig statuscake
    statusgator statuspageio statuspal stepfun stitchdata stockdata stocknewsapi stocktwits
    stockx stonly
    storecove storj stormboard stormglass storyblok storychief strapi strava stripe stripo
    stytch substack sucuri sugarcrm sugester sumologic sumsub supabase superannotate supernotes
    supertokens superwall supportbee suprsend surveyanyplace surveybot surveycto surveygizmo
    surveymonkey surveysparrow survicate svix swaggerhub swiftkanban swiftype swiggy switchbot
    swyftx symblai synctera synthesia synthflow sysaid sysdig systran tabnine taboola taggun
    tailscale talentlms talkdesk talkjs talkwalker tallyfy tallyso tankerkoenig tastedive
    tastytrade tatum tavily tawkto taxamo taxcloud taxjar tcgplayer tealium teamcity teamgantt
    teamgate teamsupport teamtailor teespring tefter telerivet telesign telnyx temu tenableio
    tencentcloud tenjin tensordock termii terraformcloud testim testingbot testmo testrail
    tettra textbelt textcortex textkernel textmagic textrazor theaudiodb thecatapi thecocktaildb
    thedogapi themealdb themoviedb thenewsapi thenounproject theoddsapi thesportsdb thetvdb
    thingsboard thingspeak thinkific thirdweb thisispaper thousandeyes threatbook threatconnect
    threatfox thunderforest thundra thycotic tibber ticketmaster tickettailor tidbcloud tidio
    tiendanube tiingo tiktok timecamp timedoctor timezoneapi tinify tinybird tinypng tinyurl
    tipalti tmdb
    tmetric todoist togetherai toggl tokbox tokeet tokocrypto tokopedia tolgee tomba tomorrowio
    tomtom toolhouse tooljet tosspayments toyyibpay trackingmore trackjs tradestation tradier
    tradingeconomics trafiklab traileraddict trakt transak transbank transferwise transifex
    transitland transloadit transunion travelpayouts travelport travisci trayio treasuryprime
    treblle trello trendmicro trendyol trengo tricentis trinet tripactions tripadvisor tripletex
    trmlabs trongrid tronscan truelayer trulioo trustly trustpilot trycourier tryterra tumblr
    turbopuffer turbosmtp turso tuya tvmaze twelvedata twicpics twilio twinfield twingate tyntec
    typesense typetalk uberduck ubereats ubidots uclassify udemy ultradns ultramsg unbabel
    unbounce unifonic unifyid unisender unplugg unsplash unstructuredio untappd unwiredlabs
    unzer upbit upcdatabase upcitemdb upcloud updownio uplead uploadcare uploadthing upstage
    upstash upstox uptimerobot uptrace uptrends upwave upwork upyun urbanairship urlbox urlhaus
    urlscan urlscanio urlvoid usabilla usaepay usajobs usda userflow userguiding userpilot
    userstack uservoice usps vagrantcloud valohai valtown valueserp vanta vapi vastai vatlayer
    vbout vdocipher vectara veeqo vendhq veracode verbit vercel verifalia veriff verifone
    verimail veriphone versioneye veryfi vesselfinder viber victorops vidyard viewdns viewneo
    vimeo vinted vipps virustotal visma visualcrossing vivawallet vkontakte vnpay voiceflow
    voicegain voicemod voicerss voilanorbert volcengine volusion vonage voodoosms vouchery
    voximplant
    voyageai vpnapi vtex vtiger vuldb vultr vyte wakatime walkme walkscore wallhaven walmart
    wandb wappalyzer waqi wargaming wassenger wati wattime waveapps wayfair wazirx weatherapi
    weatherbit weatherflow weatherlink weatherstack weaviate web3auth web3storage webengage
    webex webflow webhookrelay webhose webiny webscrapingai webscrapingapi websitepulse wecantrack
    wechat
    wechatpay weclapp weglot weibo weightsandbiases wellsaidlabs wepay what3words whatsapp
    whitebit whitesource whoisfreaks whoisxmlapi whoxy whylabs wigle wildberries windcave
    wirecard wistia witai withings wmata wolframalpha wolt wompi woocommerce woopra wootric
    wordnik wordsapi wordtune workato workos worksnaps workstack worldcoinindex worldline
    worldnewsapi worldpay worldtides worldweather worldweatheronline wowza wpengine wpscan wrike
    writesonic wufoo wunderground xata xendit xero xfyun xignite xmatters xpressbees xweather
    yandex yapily yesware yeswehack yext ynab yoco yodlee yoti yotpo youcanbookme youneedabudget
    yourls yousign youtrack youtube yugabyte zabbix zadarma zalando zalopay zamzar zapier zebpay
    zencoder zendesk zenduty zenefits zenhub zenkit zenodo zenrows zenscrape zenserp zenvia
    zeplin zeptomail zerion zerobounce zerodha zerotier zestyio zettle zhipu zhipuai zilliz
    zillow zipapi zipbooks zipcodeapi zipcodebase ziprecruiter zitadel zoho zohodesk zohosign
    zomato
    zonkafeedback zoomeye zoominfo zotero zscaler zube zulip zulipchat zuora zuplo zyte
    """.split()  # noqa: SIM905 (a list literal of 2,800 quoted names would not be read)
)

NAMED_ONLY: frozenset[str] = frozenset(
    """
    alchemy aleph apollo attentive axiom brave braze cashboard clerk cockroach coda cohere comet
    confluence
    confluent consul convex courier coveralls databox discord doppler drift duo elastic exa fal
    fauna fly
    formio foursquare gemini gong gusto harness harvest hume hunter hyperbolic intercom iterable
    june knock kraken lark lastpass lattice leonardo lepton linear loom loops luma mandrill mercury
    mistral modal mollie monday neon neptune nightfall nomad notion nutshell outreach percy
    perplexity
    pinata plaid plunk polygon postman postmark prefect pusher pushover railway redpanda refiner
    reka
    replicate retool robinhood runway samsara sanity segment semaphore smooch square
    stability statuspage suno tableau telegram timescale tines together twitch typeform
    unstructured voyage weave writer yelp zoom linechannel linenotify sonar
    agora airship artsy beamer cicero cloze copper dandelion delighted deputy ditto enigma
    eraser fulcrum guru kanban lob magnetic mux nimble noticeable shortcut streak swell
    twist wiz
    """.split()  # noqa: SIM905
)
"""Services whose names are words (Zoom, Notion, Together): read only in a credential's own
name (``ZOOM_CLIENT_SECRET``, ``NOTION_TOKEN``), where the word names the service, never on
the rest of a line or in a comment, where it is mostly the word. Not "vault": Ansible names
every vaulted variable ``vault_*`` (``vault_db_password`` is no HashiCorp Vault credential),
and Vault's own tokens have formats (``hvs.``) the catalogue knows."""

QUALIFIED: dict[str, str] = {"linechannel": "line", "linenotify": "line"}
"""Services whose name is too common a word to read alone, known by the word after it in
a credential's name: LINE's Messaging API calls its keys ``LINE_CHANNEL_ACCESS_TOKEN`` and
``LINE_CHANNEL_SECRET``, LINE Notify ``LINE_NOTIFY_TOKEN``; ``COMMAND_LINE_TOKEN`` is no
LINE key. The finding names the service itself."""
